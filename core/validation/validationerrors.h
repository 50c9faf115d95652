// ValidationErrors: collects the errors of a form with several fields, so that a user sees every
// problem at once instead of one per round trip. Typical use:
//
//     ValidationErrors errors;
//     const auto domain = errors.check(Validate::domainName(u"domain"_s, form.domain));
//     const auto quota = errors.check(Validate::quotaMegabytes(u"quota"_s, form.quota, Unlimited::Allowed));
//     if (!errors.isEmpty())
//         return errors;              // nothing has been written
//     write(*domain, *quota);
#pragma once

#include "core/validation/validationerror.h"

#include <QList>
#include <QStringList>

#include <optional>
#include <utility>

namespace Isp::Core {

class ValidationErrors
{
public:
    ValidationErrors() = default;

    void add(ValidationError error);
    void add(const ValidationErrors &other);

    // The value of a successful check, or nullopt after recording its error.
    template<typename T> std::optional<T> check(Validated<T> result)
    {
        if (result.ok())
            return std::move(result).value();
        add(result.error());
        return std::nullopt;
    }

    [[nodiscard]] bool isEmpty() const { return m_errors.isEmpty(); }
    [[nodiscard]] qsizetype size() const { return m_errors.size(); }
    [[nodiscard]] const QList<ValidationError> &errors() const { return m_errors; }
    // True when at least one error names `field`.
    [[nodiscard]] bool contains(const QString &field) const;
    [[nodiscard]] QList<ValidationError> forField(const QString &field) const;
    [[nodiscard]] QStringList messages() const;
    // All messages, one per line, in the order they were added.
    [[nodiscard]] QString toString() const;

private:
    QList<ValidationError> m_errors;
};

} // namespace Isp::Core

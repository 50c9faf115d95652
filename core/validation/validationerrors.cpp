#include "core/validation/validationerrors.h"

namespace Isp::Core {

void ValidationErrors::add(ValidationError error)
{
    m_errors.append(std::move(error));
}

void ValidationErrors::add(const ValidationErrors &other)
{
    m_errors.append(other.m_errors);
}

bool ValidationErrors::contains(const QString &field) const
{
    for (const ValidationError &e : m_errors) {
        if (e.field == field)
            return true;
    }
    return false;
}

QList<ValidationError> ValidationErrors::forField(const QString &field) const
{
    QList<ValidationError> out;
    for (const ValidationError &e : m_errors) {
        if (e.field == field)
            out.append(e);
    }
    return out;
}

QStringList ValidationErrors::messages() const
{
    QStringList out;
    out.reserve(m_errors.size());
    for (const ValidationError &e : m_errors)
        out.append(e.message);
    return out;
}

QString ValidationErrors::toString() const
{
    return messages().join(u'\n');
}

} // namespace Isp::Core

// Result<T, E>: the value of a fallible call, or the error that explains why there is none.
// A small stand-in for std::expected (C++23) with the same spirit: the caller must look
// ([[nodiscard]]), and reading the wrong side is a programming error caught by Q_ASSERT.
#pragma once

#include "core/ldap/ldaperror.h"

#include <QtGlobal>

#include <utility>
#include <variant>

namespace Isp::Core {

template<typename T, typename E = LdapError>
class [[nodiscard]] Result
{
public:
    Result(T value) : m_data(std::in_place_index<0>, std::move(value)) {} // NOLINT: implicit by design
    Result(E error) : m_data(std::in_place_index<1>, std::move(error)) {} // NOLINT: implicit by design

    [[nodiscard]] bool ok() const { return m_data.index() == 0; }
    explicit operator bool() const { return ok(); }

    [[nodiscard]] const T &value() const &
    {
        Q_ASSERT(ok());
        return std::get<0>(m_data);
    }
    [[nodiscard]] T &value() &
    {
        Q_ASSERT(ok());
        return std::get<0>(m_data);
    }
    [[nodiscard]] T &&value() &&
    {
        Q_ASSERT(ok());
        return std::get<0>(std::move(m_data));
    }
    // The error; a default (empty) one on success, so diagnostics such as
    // QVERIFY2(r.ok(), r.error()...) may evaluate it either way.
    [[nodiscard]] const E &error() const
    {
        static const E none{};
        return ok() ? none : std::get<1>(m_data);
    }
    const T *operator->() const { return &value(); }
    T *operator->() { return &value(); }
    const T &operator*() const & { return value(); }
    T &operator*() & { return value(); }

private:
    std::variant<T, E> m_data;
};

// Result<void>: success carries nothing.
struct Done
{
};

} // namespace Isp::Core

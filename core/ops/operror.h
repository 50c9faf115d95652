// OpError: why an ISPMan operation did not happen, in terms a user can act on: which field
// broke which rule, what is not allowed, what does not exist or already exists, which limit is
// reached, or which directory error stopped it. Every operation returns OpResult<T>.
#pragma once

#include "core/ldap/ldaperror.h"
#include "core/ldap/result.h"

#include <QString>

namespace Isp::Core {

struct OpError
{
    enum class Kind { Invalid, NotAllowed, NotFound, Conflict, LimitReached, Directory };
    Kind kind = Kind::Directory;
    QString field;   // the input field concerned, when there is one
    QString message; // a complete sentence, naming the field and the rule
    LdapError ldap;  // for Kind::Directory

    static OpError invalid(const QString &field, const QString &message) { return {Kind::Invalid, field, message, {}}; }
    static OpError notAllowed(const QString &message) { return {Kind::NotAllowed, {}, message, {}}; }
    static OpError notFound(const QString &message) { return {Kind::NotFound, {}, message, {}}; }
    static OpError conflict(const QString &field, const QString &message) { return {Kind::Conflict, field, message, {}}; }
    static OpError limit(const QString &message) { return {Kind::LimitReached, {}, message, {}}; }
    static OpError directory(const LdapError &error);

    [[nodiscard]] QString kindName() const;
    [[nodiscard]] QString toString() const;
    // The ispman CLI's exit code: 3 when the directory cannot be reached, else 1.
    [[nodiscard]] int exitCode() const;
};

template<typename T>
using OpResult = Result<T, OpError>;

} // namespace Isp::Core

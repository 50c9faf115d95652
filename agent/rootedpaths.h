// RootedPaths: every path the agent writes, built from a path the configuration or the
// directory gives (absolute, e.g. a user's homeDirectory) and put under the agent's root
// (`--root DIR`: tests and demos run unprivileged in a folder; empty in production).
//
// The directory is untrusted input: a path is refused unless it is absolute and every component
// is a plain name (no "", ".", ".." components, no control characters, no NUL, at most 4096
// bytes), and, where the caller names allowed bases (the homes of a file server, the mail root),
// unless it lies strictly inside one of them. Pure, thread-safe.
#pragma once

#include "core/ldap/result.h"

#include <QString>
#include <QStringList>

namespace Isp::Agent {

// Why a path was refused: a sentence naming it.
struct PathError
{
    QString message;
};

class RootedPaths
{
public:
    explicit RootedPaths(const QString &root = {});

    [[nodiscard]] QString root() const { return m_root; }
    // root + absolute, or why `absolute` is not acceptable.
    [[nodiscard]] Core::Result<QString, PathError> map(const QString &absolute) const;
    // The same, and `absolute` must lie strictly below one of `bases` (absolute paths of the
    // configuration, before mapping).
    [[nodiscard]] Core::Result<QString, PathError> mapUnder(const QString &absolute, const QStringList &bases) const;
    // A single file or directory name (no '/', not "." or ".."), e.g. a zone's file name.
    [[nodiscard]] static bool isPlainName(const QString &name);

private:
    QString m_root; // without a trailing '/'; empty: the real root
};

} // namespace Isp::Agent

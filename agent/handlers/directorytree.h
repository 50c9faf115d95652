// DirectoryTree: creates, inspects and removes folders below one base folder (a home base such
// as /var/www, the mail root) without ever following a symbolic link below that base. Every
// step opens one name relative to its parent's descriptor with O_NOFOLLOW, so a link that a
// customer planted in a home (or swapped in while the agent works) is refused, never followed;
// owners and modes are set through the opened descriptor (fchown/fchmod), never by path; a
// removal never leaves the base's file system and never enters a linked folder.
//
// The base itself comes from the agent's configuration (trusted, already under --root): it may
// be a symbolic link, is created when missing, and is never removed. Names below it must be
// plain names (RootedPaths::isPlainName); callers validate them before they get here.
//
// Stateless apart from the base path, thread-safe; two threads creating the same folder at
// once both succeed.
#pragma once

#include "core/ldap/result.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace Isp::Agent {

class DirectoryTree
{
public:
    struct Owner
    {
        uint uid = 0;
        uint gid = 0;
    };

    struct State
    {
        bool exists = false;
        bool isDirectory = false; // a real directory (not a link to one)
        bool isSymlink = false;
        uint mode = 0; // permission bits (07777)
        uint uid = 0;
        uint gid = 0;
    };

    struct Entry
    {
        QString name;
        bool isDirectory = false; // a real directory
        bool isSymlink = false;
    };

    // Deeper trees are not removed (each level holds one descriptor while it is emptied).
    static constexpr int MaxDepth = 256;

    explicit DirectoryTree(const QString &base);

    [[nodiscard]] QString base() const { return m_base; }
    // base/components, for messages.
    [[nodiscard]] QString path(const QStringList &components) const;

    // Makes base/components a directory with `mode` and, when given, `owner`: created when
    // missing (as 0700 first, then given its owner, then its mode, so it is never open to others
    // in between), corrected when its owner or mode differ. Missing folders between the base and
    // it are created 0755, owned by whoever runs the agent. true when anything changed.
    [[nodiscard]] Core::Result<bool, QString> ensure(
        const QStringList &components, uint mode, const std::optional<Owner> &owner) const;
    // The same for an empty regular file (e.g. a Maildir++ folder's "maildirfolder" marker).
    [[nodiscard]] Core::Result<bool, QString> ensureFile(
        const QStringList &components, uint mode, const std::optional<Owner> &owner) const;
    // Removes base/components and everything in it; false when it was not there. Refused: no
    // components (the base itself), a symbolic link or anything but a directory at that place, a
    // link on the way to it, a mount point; inside, links are removed as links, and a folder on
    // another file system or deeper than MaxDepth stops the removal with an error.
    [[nodiscard]] Core::Result<bool, QString> removeTree(const QStringList &components) const;
    // Removes base/components when it is an empty directory; true when removed.
    [[nodiscard]] Core::Result<bool, QString> removeIfEmpty(const QStringList &components) const;
    // What base/components is (lstat: links are reported, not followed).
    [[nodiscard]] Core::Result<State, QString> state(const QStringList &components) const;
    // The entries of the directory base/components, sorted by name; empty when it does not exist.
    [[nodiscard]] Core::Result<QList<Entry>, QString> list(const QStringList &components) const;

private:
    QString m_base;
};

} // namespace Isp::Agent

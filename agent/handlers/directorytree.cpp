#include "agent/handlers/directorytree.h"

#include "agent/rootedpaths.h"

#include <QDir>
#include <QFile>

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <sys/stat.h>
#include <utility>

namespace Isp::Agent {

namespace {

// O_NOFOLLOW: a link in the last place fails with ELOOP instead of being followed.
constexpr int DirFlags = O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;

class Fd
{
public:
    Fd() = default;
    explicit Fd(int fd) : m_fd(fd) { }
    ~Fd() { reset(); }
    Fd(Fd &&other) noexcept : m_fd(std::exchange(other.m_fd, -1)) { }
    Fd &operator=(Fd &&other) noexcept
    {
        if (this != &other) {
            reset();
            m_fd = std::exchange(other.m_fd, -1);
        }
        return *this;
    }
    Fd(const Fd &) = delete;
    Fd &operator=(const Fd &) = delete;

    [[nodiscard]] int get() const { return m_fd; }
    [[nodiscard]] bool valid() const { return m_fd >= 0; }
    void reset()
    {
        if (m_fd >= 0)
            ::close(m_fd);
        m_fd = -1;
    }

private:
    int m_fd = -1;
};

QString why(int error)
{
    return qt_error_string(error);
}

QString joined(const QString &parent, const QString &name)
{
    return parent.endsWith(u'/') ? parent + name : parent + u'/' + name;
}

// Why opening `name` in `dir` failed, in words; looks at what is there instead of trusting the
// errno of O_DIRECTORY | O_NOFOLLOW alone.
QString openFailure(int dir, const QByteArray &name, const QString &path, int error)
{
    struct stat st
    {
    };
    if (::fstatat(dir, name.constData(), &st, AT_SYMLINK_NOFOLLOW) == 0) {
        if (S_ISLNK(st.st_mode))
            return QStringLiteral("%1 is a symbolic link: not followed").arg(path);
        if (!S_ISDIR(st.st_mode))
            return QStringLiteral("%1 exists and is not a directory").arg(path);
    }
    return QStringLiteral("cannot open %1: %2").arg(path, why(error));
}

QString checkNames(const QString &base, const QStringList &components)
{
    for (const QString &c : components) {
        if (!RootedPaths::isPlainName(c))
            return QStringLiteral("\"%1\" below %2 is not a plain file name").arg(c.left(100), base);
    }
    return {};
}

// The base folder (configuration: links are followed here, and only here); created when
// missing and `create`. An invalid Fd when it does not exist and may not be created.
Core::Result<Fd, QString> openBase(const QString &base, bool create)
{
    const QByteArray b = QFile::encodeName(base);
    int fd = ::open(b.constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0 && errno == ENOENT) {
        if (!create)
            return Fd();
        if (!QDir().mkpath(base))
            return QStringLiteral("cannot create %1").arg(base);
        fd = ::open(b.constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    }
    if (fd < 0)
        return QStringLiteral("cannot open %1: %2").arg(base, why(errno));
    return Fd(fd);
}

// Opens the first `count` components below `dir` one at a time, never following a link; with
// `create`, missing ones are made (0755, the agent's own). An invalid Fd when one is missing and
// may not be created.
Core::Result<Fd, QString> walk(Fd dir, QString path, const QStringList &components, qsizetype count, bool create)
{
    for (qsizetype i = 0; i < count; ++i) {
        const QByteArray name = QFile::encodeName(components.at(i));
        path = joined(path, components.at(i));
        int fd = ::openat(dir.get(), name.constData(), DirFlags);
        if (fd < 0 && errno == ENOENT) {
            if (!create)
                return Fd();
            bool made = false;
            if (::mkdirat(dir.get(), name.constData(), 0700) == 0)
                made = true;
            else if (errno != EEXIST) // another worker made it meanwhile: fine
                return QStringLiteral("cannot create %1: %2").arg(path, why(errno));
            fd = ::openat(dir.get(), name.constData(), DirFlags);
            if (fd >= 0 && made && ::fchmod(fd, 0755) != 0) {
                const int e = errno;
                ::close(fd);
                return QStringLiteral("cannot set the mode of %1: %2").arg(path, why(e));
            }
        }
        if (fd < 0)
            return openFailure(dir.get(), name, path, errno);
        dir = Fd(fd);
    }
    return dir;
}

// The folder `count` components below `base`, the names checked first: what every operation
// starts with. An invalid Fd when it does not exist and `create` is false.
Core::Result<Fd, QString> openBelow(const QString &base, const QStringList &components, qsizetype count, bool create)
{
    if (QString e = checkNames(base, components); !e.isEmpty())
        return e;
    auto dir = openBase(base, create);
    if (!dir.ok() || !dir->valid())
        return dir;
    return walk(std::move(dir).value(), base, components, count, create);
}

// Gives the object behind `fd` its owner and mode when they differ; *changed when it did.
QString converge(
    int fd, const QString &path, uint mode, const std::optional<DirectoryTree::Owner> &owner, bool *changed)
{
    struct stat st
    {
    };
    if (::fstat(fd, &st) != 0)
        return QStringLiteral("cannot inspect %1: %2").arg(path, why(errno));
    if (owner && (st.st_uid != owner->uid || st.st_gid != owner->gid)) {
        if (::fchown(fd, owner->uid, owner->gid) != 0)
            return QStringLiteral("cannot give %1 to %2:%3: %4")
                .arg(path)
                .arg(owner->uid)
                .arg(owner->gid)
                .arg(why(errno));
        *changed = true;
        if (::fstat(fd, &st) != 0) // chown may clear set-id bits
            return QStringLiteral("cannot inspect %1: %2").arg(path, why(errno));
    }
    if ((st.st_mode & 07777) != mode) {
        if (::fchmod(fd, mode) != 0)
            return QStringLiteral("cannot set the mode of %1 to %2: %3")
                .arg(path, QString::number(mode, 8), why(errno));
        *changed = true;
    }
    return {};
}

// Removes everything inside the directory `fd` (on device `device`), depth-first.
QString emptyDirectory(int fd, dev_t device, const QString &path, int depth)
{
    if (depth > DirectoryTree::MaxDepth)
        return QStringLiteral("%1 is more than %2 folders deep: not removed").arg(path).arg(DirectoryTree::MaxDepth);
    // The names first, then the removals: readdir() need not cope with a folder changing under it.
    QList<QByteArray> names;
    {
        const int copy = ::fcntl(fd, F_DUPFD_CLOEXEC, 0);
        if (copy < 0)
            return QStringLiteral("cannot read %1: %2").arg(path, why(errno));
        DIR *d = ::fdopendir(copy);
        if (!d) {
            const int e = errno;
            ::close(copy);
            return QStringLiteral("cannot read %1: %2").arg(path, why(e));
        }
        ::rewinddir(d);
        errno = 0;
        while (const dirent *e = ::readdir(d)) {
            const QByteArray n(e->d_name);
            if (n != "." && n != "..")
                names << n;
            errno = 0;
        }
        const int e = errno;
        ::closedir(d);
        if (e != 0)
            return QStringLiteral("cannot read %1: %2").arg(path, why(e));
    }
    for (const QByteArray &name : std::as_const(names)) {
        const QString child = joined(path, QFile::decodeName(name));
        struct stat st
        {
        };
        if (::fstatat(fd, name.constData(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
            if (errno == ENOENT)
                continue;
            return QStringLiteral("cannot inspect %1: %2").arg(child, why(errno));
        }
        if (S_ISDIR(st.st_mode)) {
            if (st.st_dev != device)
                return QStringLiteral("%1 is on another file system: not removed").arg(child);
            Fd sub(::openat(fd, name.constData(), DirFlags));
            if (!sub.valid()) {
                if (errno == ENOENT)
                    continue;
                // Swapped for a link since fstatat(): refuse rather than follow.
                return openFailure(fd, name, child, errno);
            }
            if (QString e = emptyDirectory(sub.get(), device, child, depth + 1); !e.isEmpty())
                return e;
            sub.reset();
            if (::unlinkat(fd, name.constData(), AT_REMOVEDIR) != 0 && errno != ENOENT)
                return QStringLiteral("cannot remove %1: %2").arg(child, why(errno));
        } else if (::unlinkat(fd, name.constData(), 0) != 0 && errno != ENOENT) {
            // Links are removed as links: unlinkat() never follows one.
            return QStringLiteral("cannot remove %1: %2").arg(child, why(errno));
        }
    }
    return {};
}

} // namespace

DirectoryTree::DirectoryTree(const QString &base) : m_base(base)
{
    while (m_base.size() > 1 && m_base.endsWith(u'/'))
        m_base.chop(1);
}

QString DirectoryTree::path(const QStringList &components) const
{
    QString p = m_base;
    for (const QString &c : components)
        p = joined(p, c);
    return p;
}

Core::Result<bool, QString> DirectoryTree::ensure(
    const QStringList &components, uint mode, const std::optional<Owner> &owner) const
{
    if (components.isEmpty())
        return QStringLiteral("no folder below %1 was named").arg(m_base);
    auto parent = openBelow(m_base, components, components.size() - 1, true);
    if (!parent.ok())
        return parent.error();
    const QString target = path(components);
    const QByteArray leaf = QFile::encodeName(components.last());
    bool changed = false;
    int fd = ::openat(parent->get(), leaf.constData(), DirFlags);
    if (fd < 0 && errno == ENOENT) {
        // 0700 until it has its owner and mode.
        if (::mkdirat(parent->get(), leaf.constData(), 0700) == 0)
            changed = true;
        else if (errno != EEXIST)
            return QStringLiteral("cannot create %1: %2").arg(target, why(errno));
        fd = ::openat(parent->get(), leaf.constData(), DirFlags);
    }
    if (fd < 0)
        return openFailure(parent->get(), leaf, target, errno);
    Fd dir(fd);
    if (QString e = converge(dir.get(), target, mode, owner, &changed); !e.isEmpty())
        return e;
    return changed;
}

Core::Result<bool, QString> DirectoryTree::ensureFile(
    const QStringList &components, uint mode, const std::optional<Owner> &owner) const
{
    if (components.isEmpty())
        return QStringLiteral("no file below %1 was named").arg(m_base);
    auto parent = openBelow(m_base, components, components.size() - 1, true);
    if (!parent.ok())
        return parent.error();
    const QString target = path(components);
    const QByteArray leaf = QFile::encodeName(components.last());
    bool changed = false;
    int fd = ::openat(parent->get(), leaf.constData(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd >= 0) {
        changed = true;
    } else if (errno == EEXIST) {
        // O_NONBLOCK: a FIFO planted there must not hang the worker.
        fd = ::openat(parent->get(), leaf.constData(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
        if (fd < 0)
            return errno == ELOOP ? QStringLiteral("%1 is a symbolic link: not followed").arg(target)
                                  : QStringLiteral("cannot open %1: %2").arg(target, why(errno));
    } else {
        return QStringLiteral("cannot create %1: %2").arg(target, why(errno));
    }
    Fd file(fd);
    struct stat st
    {
    };
    if (::fstat(file.get(), &st) != 0)
        return QStringLiteral("cannot inspect %1: %2").arg(target, why(errno));
    if (!S_ISREG(st.st_mode))
        return QStringLiteral("%1 exists and is not a regular file").arg(target);
    if (QString e = converge(file.get(), target, mode, owner, &changed); !e.isEmpty())
        return e;
    return changed;
}

Core::Result<bool, QString> DirectoryTree::removeTree(const QStringList &components) const
{
    if (components.isEmpty())
        return QStringLiteral("%1 is a base folder: not removed").arg(m_base);
    auto parent = openBelow(m_base, components, components.size() - 1, false);
    if (!parent.ok())
        return parent.error();
    if (!parent->valid())
        return false;
    const QString target = path(components);
    const QByteArray leaf = QFile::encodeName(components.last());
    struct stat st
    {
    };
    if (::fstatat(parent->get(), leaf.constData(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
        if (errno == ENOENT)
            return false;
        return QStringLiteral("cannot inspect %1: %2").arg(target, why(errno));
    }
    if (S_ISLNK(st.st_mode))
        return QStringLiteral("%1 is a symbolic link, not a directory: not removed").arg(target);
    if (!S_ISDIR(st.st_mode))
        return QStringLiteral("%1 is not a directory: not removed").arg(target);
    struct stat above
    {
    };
    if (::fstat(parent->get(), &above) != 0)
        return QStringLiteral("cannot inspect the folder above %1: %2").arg(target, why(errno));
    if (above.st_dev != st.st_dev)
        return QStringLiteral("%1 is a mount point: not removed").arg(target);
    Fd dir(::openat(parent->get(), leaf.constData(), DirFlags));
    if (!dir.valid())
        return openFailure(parent->get(), leaf, target, errno);
    struct stat opened
    {
    };
    if (::fstat(dir.get(), &opened) != 0 || opened.st_dev != st.st_dev || opened.st_ino != st.st_ino)
        return QStringLiteral("%1 changed while it was being removed: not removed").arg(target);
    if (QString e = emptyDirectory(dir.get(), st.st_dev, target, 1); !e.isEmpty())
        return e;
    dir.reset();
    if (::unlinkat(parent->get(), leaf.constData(), AT_REMOVEDIR) != 0) {
        if (errno == ENOENT)
            return true;
        return QStringLiteral("cannot remove %1: %2").arg(target, why(errno));
    }
    return true;
}

Core::Result<bool, QString> DirectoryTree::removeIfEmpty(const QStringList &components) const
{
    if (components.isEmpty())
        return QStringLiteral("%1 is a base folder: not removed").arg(m_base);
    auto parent = openBelow(m_base, components, components.size() - 1, false);
    if (!parent.ok())
        return parent.error();
    if (!parent->valid())
        return false;
    const QByteArray leaf = QFile::encodeName(components.last());
    if (::unlinkat(parent->get(), leaf.constData(), AT_REMOVEDIR) == 0)
        return true;
    switch (errno) {
    case ENOENT:
    case ENOTEMPTY:
    case EEXIST:
    case ENOTDIR: // a link or a file: not ours to remove here
        return false;
    default:
        return QStringLiteral("cannot remove %1: %2").arg(path(components), why(errno));
    }
}

Core::Result<DirectoryTree::State, QString> DirectoryTree::state(const QStringList &components) const
{
    if (QString e = checkNames(m_base, components); !e.isEmpty())
        return e;
    auto base = openBase(m_base, false);
    if (!base.ok())
        return base.error();
    if (!base->valid())
        return State {};
    struct stat st
    {
    };
    if (components.isEmpty()) {
        if (::fstat(base->get(), &st) != 0)
            return QStringLiteral("cannot inspect %1: %2").arg(m_base, why(errno));
    } else {
        auto parent = walk(std::move(base).value(), m_base, components, components.size() - 1, false);
        if (!parent.ok())
            return parent.error();
        if (!parent->valid())
            return State {};
        const QByteArray leaf = QFile::encodeName(components.last());
        if (::fstatat(parent->get(), leaf.constData(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
            if (errno == ENOENT)
                return State {};
            return QStringLiteral("cannot inspect %1: %2").arg(path(components), why(errno));
        }
    }
    State s;
    s.exists = true;
    s.isDirectory = S_ISDIR(st.st_mode);
    s.isSymlink = S_ISLNK(st.st_mode);
    s.mode = st.st_mode & 07777;
    s.uid = st.st_uid;
    s.gid = st.st_gid;
    return s;
}

Core::Result<QList<DirectoryTree::Entry>, QString> DirectoryTree::list(const QStringList &components) const
{
    auto dir = openBelow(m_base, components, components.size(), false);
    if (!dir.ok())
        return dir.error();
    if (!dir->valid())
        return QList<Entry>();
    const QString where = path(components);
    const int copy = ::fcntl(dir->get(), F_DUPFD_CLOEXEC, 0);
    if (copy < 0)
        return QStringLiteral("cannot read %1: %2").arg(where, why(errno));
    DIR *d = ::fdopendir(copy);
    if (!d) {
        const int e = errno;
        ::close(copy);
        return QStringLiteral("cannot read %1: %2").arg(where, why(e));
    }
    QList<Entry> out;
    errno = 0;
    while (const dirent *e = ::readdir(d)) {
        const QByteArray n(e->d_name);
        if (n != "." && n != "..") {
            Entry entry;
            entry.name = QFile::decodeName(n);
            struct stat st
            {
            };
            if (::fstatat(dir->get(), n.constData(), &st, AT_SYMLINK_NOFOLLOW) == 0) {
                entry.isDirectory = S_ISDIR(st.st_mode);
                entry.isSymlink = S_ISLNK(st.st_mode);
            }
            out << entry;
        }
        errno = 0;
    }
    const int e = errno;
    ::closedir(d);
    if (e != 0)
        return QStringLiteral("cannot read %1: %2").arg(where, why(e));
    std::sort(out.begin(), out.end(), [](const Entry &a, const Entry &b) { return a.name < b.name; });
    return out;
}

} // namespace Isp::Agent

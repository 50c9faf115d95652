#include "agent/rootedpaths.h"

namespace Isp::Agent {

namespace {

// The path as it may appear in a message (process messages, logs): control characters escaped.
QString shown(const QString &path)
{
    QString out;
    for (const QChar c : path.left(200)) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            out += QStringLiteral("\\x%1").arg(c.unicode(), 2, 16, QLatin1Char('0'));
        else
            out += c;
    }
    return out;
}

QString problem(const QString &path)
{
    if (path.isEmpty())
        return QStringLiteral("the path is empty");
    if (!path.startsWith(u'/'))
        return QStringLiteral("\"%1\" is not an absolute path").arg(shown(path));
    if (path.toUtf8().size() > 4096)
        return QStringLiteral("the path is longer than 4096 bytes");
    for (const QChar c : path) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            return QStringLiteral("the path \"%1\" contains a control character").arg(shown(path));
    }
    const QStringList parts = path.mid(1).split(u'/');
    for (qsizetype i = 0; i < parts.size(); ++i) {
        const QString &p = parts.at(i);
        if (p.isEmpty() && i + 1 < parts.size())
            return QStringLiteral("the path \"%1\" has an empty component").arg(shown(path));
        if (p == u"." || p == u"..")
            return QStringLiteral("the path \"%1\" has a \"%2\" component").arg(shown(path), p);
    }
    return {};
}

QString withoutTrailingSlash(QString p)
{
    while (p.size() > 1 && p.endsWith(u'/'))
        p.chop(1);
    return p;
}

} // namespace

RootedPaths::RootedPaths(const QString &root) : m_root(withoutTrailingSlash(root))
{
    if (m_root == u"/")
        m_root.clear();
}

Core::Result<QString, PathError> RootedPaths::map(const QString &absolute) const
{
    const QString why = problem(absolute);
    if (!why.isEmpty())
        return PathError{why};
    return m_root + withoutTrailingSlash(absolute);
}

Core::Result<QString, PathError> RootedPaths::mapUnder(const QString &absolute, const QStringList &bases) const
{
    const QString why = problem(absolute);
    if (!why.isEmpty())
        return PathError{why};
    const QString path = withoutTrailingSlash(absolute);
    for (const QString &b : bases) {
        const QString base = withoutTrailingSlash(b);
        if (!problem(base).isEmpty())
            continue;
        if (path.startsWith(base + u'/') && path.size() > base.size() + 1)
            return m_root + path;
    }
    return PathError{QStringLiteral("\"%1\" is not inside %2").arg(shown(path), bases.isEmpty() ? QStringLiteral("any allowed folder") : bases.join(QStringLiteral(" or ")))};
}

bool RootedPaths::isPlainName(const QString &name)
{
    if (name.isEmpty() || name == u"." || name == u".." || name.size() > 255)
        return false;
    for (const QChar c : name) {
        if (c == u'/' || c.unicode() < 0x20 || c.unicode() == 0x7f)
            return false;
    }
    return true;
}

} // namespace Isp::Agent

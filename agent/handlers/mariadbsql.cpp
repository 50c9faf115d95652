#include "agent/handlers/mariadbsql.h"

namespace Isp::Agent::MariadbSql {

QString identifier(const QString &name)
{
    QString out;
    out.reserve(name.size() + 2);
    out += u'`';
    for (const QChar c : name) {
        if (c == u'`')
            out += u'`';
        out += c;
    }
    out += u'`';
    return out;
}

QString literal(const QString &text)
{
    QString out;
    out.reserve(text.size() + 2);
    out += u'\'';
    for (const QChar c : text) {
        switch (c.unicode()) {
        case 0:
            out += QStringLiteral("\\0");
            break;
        case '\n':
            out += QStringLiteral("\\n");
            break;
        case '\r':
            out += QStringLiteral("\\r");
            break;
        case 0x1a:
            out += QStringLiteral("\\Z");
            break;
        case '\\':
        case '\'':
        case '"':
            out += u'\\';
            out += c;
            break;
        default:
            out += c;
        }
    }
    out += u'\'';
    return out;
}

QString grantPattern(const QString &database)
{
    QString out;
    out.reserve(database.size() + 8);
    for (const QChar c : database) {
        if (c == u'\\' || c == u'_' || c == u'%')
            out += u'\\';
        out += c;
    }
    return out;
}

QString grantTarget(const QString &database)
{
    return identifier(grantPattern(database)) + QStringLiteral(".*");
}

QString account(const QString &user, const QString &host)
{
    return literal(user) + u'@' + literal(host);
}

} // namespace Isp::Agent::MariadbSql

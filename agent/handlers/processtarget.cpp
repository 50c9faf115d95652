#include "agent/handlers/processtarget.h"

#include <QRegularExpression>

namespace Isp::Agent::ProcessTarget {

Core::Result<std::optional<Core::LdapEntry>, QString> current(
    Core::DirectorySession &session, const Core::Process &process, const QStringList &attributes)
{
    QStringList attrs = attributes.isEmpty() ? QStringList { QStringLiteral("*") } : attributes;
    attrs << QStringLiteral("entryUUID");
    if (process.target.isEmpty() && process.targetUuid.isEmpty())
        return QStringLiteral("process %1 (%2) names no object").arg(process.pid).arg(process.name);
    if (!process.target.isEmpty()) {
        QString why;
        const auto dn = Core::LdapDn::parse(process.target, &why);
        if (!dn)
            return QStringLiteral("the process's target \"%1\" is not a DN: %2").arg(process.target.left(200), why);
        auto read = session.read(*dn, attrs);
        if (!read.ok())
            return QStringLiteral("cannot read %1: %2").arg(process.target, read.error().toString());
        if (read->has_value())
            return *read;
    }
    if (!process.targetUuid.isEmpty()) {
        auto found = session.find(
            session.dit().base(), Core::LdapFilter::equals(QStringLiteral("entryUUID"), process.targetUuid), attrs);
        if (!found.ok())
            return QStringLiteral("cannot look for entryUUID %1: %2").arg(process.targetUuid, found.error().toString());
        if (!found->isEmpty())
            return std::optional<Core::LdapEntry>(found->first());
    }
    return std::optional<Core::LdapEntry>();
}

Core::Result<uint, QString> posixId(const Core::LdapEntry &object, const QString &attribute)
{
    static const QRegularExpression digits(QStringLiteral("^[0-9]{1,10}$"));
    const QString text = object.text(attribute);
    if (!digits.match(text).hasMatch())
        return QStringLiteral("%1 \"%2\" of %3 is not a number").arg(attribute, text.left(40), object.dn().toString());
    const qulonglong v = text.toULongLong();
    if (v == 0)
        return QStringLiteral("%1 of %2 is 0: nothing of it may belong to root").arg(attribute, object.dn().toString());
    if (v >= 4294967295ULL)
        return QStringLiteral("%1 %2 of %3 is too large").arg(attribute, text, object.dn().toString());
    return uint(v);
}

QString param(const Core::Process &process, const QString &key)
{
    for (const auto &[k, v] : process.params) {
        if (k == key)
            return v;
    }
    return {};
}

bool isThisHost(const QStringList &hostNames, const QString &name)
{
    return !name.isEmpty() && hostNames.contains(name.trimmed(), Qt::CaseInsensitive);
}

bool anyIsThisHost(const QStringList &hostNames, const QStringList &names)
{
    for (const QString &n : names) {
        if (isThisHost(hostNames, n))
            return true;
    }
    return false;
}

Core::LdapFilter anyHostFilter(const QString &attribute, const QStringList &hostNames)
{
    QList<Core::LdapFilter> parts;
    for (const QString &h : hostNames)
        parts << Core::LdapFilter::equals(attribute, h);
    return Core::LdapFilter::anyOf(parts);
}

} // namespace Isp::Agent::ProcessTarget

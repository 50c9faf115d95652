#include "core/ldap/ldapentry.h"

#include <QStringDecoder>

#include <algorithm>

namespace Isp::Core {

namespace {

// QString::fromUtf8() drops a leading byte order mark; a value must read back unchanged.
QString decodeUtf8(const QByteArray &bytes)
{
    QStringDecoder decoder(QStringDecoder::Utf8,
                           QStringDecoder::Flag::Stateless | QStringDecoder::Flag::ConvertInitialBom);
    return decoder.decode(bytes);
}

} // namespace

qsizetype LdapEntry::indexOf(const QString &name) const
{
    for (qsizetype i = 0; i < m_attributes.size(); ++i) {
        if (m_attributes.at(i).name.compare(name, Qt::CaseInsensitive) == 0)
            return i;
    }
    return -1;
}

bool LdapEntry::hasAttribute(const QString &name) const
{
    return indexOf(name) >= 0;
}

QList<QByteArray> LdapEntry::values(const QString &name) const
{
    const qsizetype i = indexOf(name);
    return i < 0 ? QList<QByteArray>() : m_attributes.at(i).values;
}

QByteArray LdapEntry::value(const QString &name) const
{
    const qsizetype i = indexOf(name);
    return i < 0 || m_attributes.at(i).values.isEmpty() ? QByteArray() : m_attributes.at(i).values.first();
}

QString LdapEntry::text(const QString &name) const
{
    return decodeUtf8(value(name));
}

QStringList LdapEntry::texts(const QString &name) const
{
    QStringList out;
    const qsizetype i = indexOf(name);
    if (i >= 0) {
        for (const QByteArray &v : m_attributes.at(i).values)
            out << decodeUtf8(v);
    }
    return out;
}

QStringList LdapEntry::attributeNames() const
{
    QStringList out;
    out.reserve(m_attributes.size());
    for (const LdapAttribute &a : m_attributes)
        out << a.name;
    return out;
}

bool LdapEntry::hasObjectClass(const QString &name) const
{
    const qsizetype i = indexOf(QStringLiteral("objectClass"));
    if (i < 0)
        return false;
    const QByteArray wanted = name.toUtf8().toLower();
    const auto &vals = m_attributes.at(i).values;
    return std::any_of(vals.begin(), vals.end(), [&](const QByteArray &v) { return v.toLower() == wanted; });
}

void LdapEntry::setValues(const QString &name, const QList<QByteArray> &values)
{
    const qsizetype i = indexOf(name);
    if (values.isEmpty()) {
        if (i >= 0)
            m_attributes.removeAt(i);
        return;
    }
    if (i >= 0)
        m_attributes[i].values = values;
    else
        m_attributes.append(LdapAttribute{name, values});
}

void LdapEntry::setTexts(const QString &name, const QStringList &values)
{
    QList<QByteArray> bytes;
    bytes.reserve(values.size());
    for (const QString &v : values)
        bytes << v.toUtf8();
    setValues(name, bytes);
}

void LdapEntry::addValue(const QString &name, const QByteArray &value)
{
    const qsizetype i = indexOf(name);
    if (i >= 0)
        m_attributes[i].values.append(value);
    else
        m_attributes.append(LdapAttribute{name, {value}});
}

void LdapEntry::removeAttribute(const QString &name)
{
    const qsizetype i = indexOf(name);
    if (i >= 0)
        m_attributes.removeAt(i);
}

bool operator==(const LdapEntry &a, const LdapEntry &b)
{
    if (!(a.m_dn == b.m_dn) || a.m_attributes.size() != b.m_attributes.size())
        return false;
    for (const LdapAttribute &attr : a.m_attributes) {
        QList<QByteArray> mine = attr.values;
        QList<QByteArray> theirs = b.values(attr.name);
        std::sort(mine.begin(), mine.end());
        std::sort(theirs.begin(), theirs.end());
        if (mine != theirs)
            return false;
    }
    return true;
}

} // namespace Isp::Core

// LdapEntry: a DN and its attributes. Attribute names are matched case-insensitively (as
// LDAP does) but kept as first written; values are raw bytes (binary-safe: jpegPhoto,
// entryUUID, certificates), with text accessors that decode UTF-8. Insertion order is kept so
// LDIF output and tests are stable.
#pragma once

#include "core/ldap/ldapdn.h"

#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

namespace Isp::Core {

struct LdapAttribute
{
    QString name;
    QList<QByteArray> values;
};

class LdapEntry
{
public:
    LdapEntry() = default;
    explicit LdapEntry(LdapDn dn) : m_dn(std::move(dn)) {}

    [[nodiscard]] const LdapDn &dn() const { return m_dn; }
    void setDn(const LdapDn &dn) { m_dn = dn; }

    [[nodiscard]] bool hasAttribute(const QString &name) const;
    [[nodiscard]] QList<QByteArray> values(const QString &name) const;
    // First value, or empty.
    [[nodiscard]] QByteArray value(const QString &name) const;
    // UTF-8 decoded first value / all values.
    [[nodiscard]] QString text(const QString &name) const;
    [[nodiscard]] QStringList texts(const QString &name) const;
    [[nodiscard]] QStringList attributeNames() const;
    [[nodiscard]] const QList<LdapAttribute> &attributes() const { return m_attributes; }
    // objectClass membership, case-insensitive.
    [[nodiscard]] bool hasObjectClass(const QString &name) const;
    [[nodiscard]] bool isEmpty() const { return m_attributes.isEmpty(); }

    void setValues(const QString &name, const QList<QByteArray> &values);
    void setValue(const QString &name, const QByteArray &value) { setValues(name, {value}); }
    void setText(const QString &name, const QString &value) { setValues(name, {value.toUtf8()}); }
    void setTexts(const QString &name, const QStringList &values);
    void addValue(const QString &name, const QByteArray &value);
    void removeAttribute(const QString &name);

    friend bool operator==(const LdapEntry &a, const LdapEntry &b);

private:
    [[nodiscard]] qsizetype indexOf(const QString &name) const;

    LdapDn m_dn;
    QList<LdapAttribute> m_attributes;
};

} // namespace Isp::Core

Q_DECLARE_METATYPE(Isp::Core::LdapEntry)

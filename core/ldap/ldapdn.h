// LdapDn: a distinguished name as a value (RFC 4514). Parsing goes through libldap's own DN
// parser; composing escapes every value, so a DN built from user input can never gain an extra
// RDN or component. Comparison is case-insensitive on attribute types and values (every
// naming attribute ISPMan uses has a case-ignore equality rule) and ignores escaping style.
#pragma once

#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringView>

#include <optional>

namespace Isp::Core {

struct LdapAva
{
    QString type;  // attribute type as written, e.g. "uid" or "2.5.4.3"
    QString value; // unescaped value; for a hex string "#" + the hex digits of the BER encoding
    // The value was written as an RFC 4514 hexstring ("cn=#04024869"). It is written back as is:
    // escaping its "#" would turn it into a different, literal string value.
    bool hexString = false;
    bool operator==(const LdapAva &) const = default;
};

// One RDN: usually one AVA, several for multi-valued RDNs ("cn=a+sn=b").
using LdapRdn = QList<LdapAva>;

class LdapDn
{
public:
    LdapDn() = default;
    explicit LdapDn(QList<LdapRdn> rdns);

    // Parses an RFC 4514 string. Returns nullopt (and a reason in *error) when it is not a DN.
    // Strict: no spaces around "=" and ",", values must be valid UTF-8. Only "" is the empty DN.
    static std::optional<LdapDn> parse(QStringView text, QString *error = nullptr);
    // For DNs written in the code itself: asserts they parse.
    static LdapDn fromTrusted(QStringView text);

    // "attr=<escaped value>,<this>". The value is escaped; `attribute` must be a valid descriptor.
    [[nodiscard]] LdapDn child(const QString &attribute, const QString &value) const;
    [[nodiscard]] LdapDn child(const LdapRdn &rdn) const;
    [[nodiscard]] LdapDn parent() const;
    [[nodiscard]] LdapRdn rdn() const;
    // Type and value of the first AVA of the RDN.
    [[nodiscard]] QString rdnAttribute() const;
    [[nodiscard]] QString rdnValue() const;
    [[nodiscard]] const QList<LdapRdn> &rdns() const { return m_rdns; }
    [[nodiscard]] qsizetype depth() const { return m_rdns.size(); }
    [[nodiscard]] bool isEmpty() const { return m_rdns.isEmpty(); }

    // True when this DN lies strictly below `ancestor`.
    [[nodiscard]] bool isDescendantOf(const LdapDn &ancestor) const;
    // This DN with `oldBase` replaced by `newBase` (used for renames of subtrees).
    [[nodiscard]] LdapDn rebased(const LdapDn &oldBase, const LdapDn &newBase) const;

    // RFC 4514 string with the minimal escaping (plus hex escapes for control characters).
    [[nodiscard]] QString toString() const;
    // Lower-cased, canonical text: equal DNs have equal normalized forms (hash key).
    [[nodiscard]] QString normalized() const;

    // Escapes one attribute value for use in a DN string (RFC 4514 §2.4).
    static QString escapeValue(QStringView value);
    // True for a valid attribute descriptor ("uid", "ispmanDomain") or numeric OID.
    static bool isValidAttributeType(QStringView type);

    friend bool operator==(const LdapDn &a, const LdapDn &b) { return a.normalized() == b.normalized(); }

private:
    QList<LdapRdn> m_rdns; // most specific first, as written
};

inline size_t qHash(const LdapDn &dn, size_t seed = 0)
{
    return qHash(dn.normalized(), seed);
}

} // namespace Isp::Core

Q_DECLARE_METATYPE(Isp::Core::LdapDn)

#include "core/ldap/ldapdn.h"

#include <QHash>
#include <QStringDecoder>

#include <ldap.h>

#include <algorithm>

namespace Isp::Core {

namespace {

bool isHexStringValue(QStringView value)
{
    if (value.size() < 3 || value.size() % 2 == 0 || value.front() != QLatin1Char('#'))
        return false;
    return std::all_of(value.begin() + 1, value.end(), [](QChar c) {
        const char16_t u = c.unicode();
        return (u >= u'0' && u <= u'9') || (u >= u'a' && u <= u'f') || (u >= u'A' && u <= u'F');
    });
}

QString valueToString(const LdapAva &ava, bool normalize)
{
    const QString value = normalize ? ava.value.toLower() : ava.value;
    // A hex string that is not well formed is written as a literal string: never unescaped text.
    if (ava.hexString && isHexStringValue(value))
        return value;
    return LdapDn::escapeValue(value);
}

QString rdnToString(const LdapRdn &rdn, bool normalize)
{
    // Multi-valued RDNs are order-independent: sort AVAs in the normalized form.
    QStringList parts;
    parts.reserve(rdn.size());
    for (const LdapAva &ava : rdn) {
        parts << (normalize ? ava.type.toLower() : ava.type) + QLatin1Char('=') + valueToString(ava, normalize);
    }
    if (normalize)
        parts.sort();
    return parts.join(QLatin1Char('+'));
}

// libldap's pedantic mode rejects a numeric OID type followed by a string value ("2.5.4.3=x"),
// which RFC 4514 section 3 allows (and which child() produces). Such types are swapped for a
// placeholder descriptor before parsing and put back afterwards, so every other pedantic check
// still applies. Returns the text to parse and, per AVA index, the OID that was swapped out.
constexpr QByteArrayView oidPlaceholder = "ispmanNumericOid";

QByteArray swapNumericOids(const QByteArray &utf8, QHash<int, QString> *oids)
{
    QByteArray out;
    out.reserve(utf8.size());
    const qsizetype n = utf8.size();
    qsizetype i = 0;
    for (int avaIndex = 0;; ++avaIndex) {
        // Attribute type: up to "=" (a separator before it makes the DN invalid; libldap says so).
        qsizetype end = i;
        while (end < n && utf8.at(end) != '=' && utf8.at(end) != ',' && utf8.at(end) != '+')
            ++end;
        const QString type = QString::fromLatin1(utf8.mid(i, end - i));
        if (end < n && utf8.at(end) == '=' && !type.isEmpty() && type.front().isDigit()
            && LdapDn::isValidAttributeType(type)) {
            out += oidPlaceholder;
            oids->insert(avaIndex, type);
        } else {
            out += QByteArrayView(utf8).sliced(i, end - i);
        }
        // Value: up to the next unescaped "," or "+".
        for (i = end; i < n && utf8.at(i) != ',' && utf8.at(i) != '+'; ++i) {
            if (utf8.at(i) == '\\' && i + 1 < n)
                out += utf8.at(i++);
            out += utf8.at(i);
        }
        if (i >= n)
            return out;
        out += utf8.at(i++);
    }
}

} // namespace

LdapDn::LdapDn(QList<LdapRdn> rdns) : m_rdns(std::move(rdns)) {}

std::optional<LdapDn> LdapDn::parse(QStringView text, QString *error)
{
    const auto fail = [&](const QString &reason) -> std::optional<LdapDn> {
        if (error)
            *error = reason;
        return std::nullopt;
    };
    const QByteArray utf8 = text.toUtf8();
    if (utf8.contains('\0'))
        return fail(QStringLiteral("a DN may not contain a NUL character (escape it as \\00)"));
    if (utf8.isEmpty())
        return LdapDn(); // the root DSE / empty DN
    QHash<int, QString> oids;
    const QByteArray toParse = swapNumericOids(utf8, &oids);
    LDAPDN parsed = nullptr;
    const int rc = ldap_str2dn(toParse.constData(), &parsed, LDAP_DN_FORMAT_LDAPV3 | LDAP_DN_PEDANTIC);
    if (rc != LDAP_SUCCESS || !parsed) {
        ldap_dnfree(parsed);
        return fail(QStringLiteral("not a valid DN (RFC 4514): %1").arg(text));
    }
    QList<LdapRdn> rdns;
    QString problem;
    int avaIndex = 0;
    for (int i = 0; parsed[i] && problem.isEmpty(); ++i) {
        LdapRdn rdn;
        for (int j = 0; parsed[i][j]; ++j, ++avaIndex) {
            const LDAPAVA *ava = parsed[i][j];
            LdapAva out;
            const QByteArrayView type(ava->la_attr.bv_val, qsizetype(ava->la_attr.bv_len));
            const QByteArrayView value(ava->la_value.bv_val, qsizetype(ava->la_value.bv_len));
            if (oids.contains(avaIndex)) {
                if (type != oidPlaceholder) {
                    problem = QStringLiteral("not a valid DN (RFC 4514): %1").arg(text);
                    break;
                }
                out.type = oids.value(avaIndex);
            } else {
                out.type = QString::fromLatin1(type);
            }
            if (ava->la_flags & LDAP_AVA_BINARY) {
                // "#04..." BER-encoded values: keep the hex form, written back as is (hexString).
                out.value = QLatin1Char('#') + QString::fromLatin1(value.toByteArray().toHex());
                out.hexString = true;
            } else {
                // Stateless and keeping a leading U+FEFF: the value must come back byte-identical.
                QStringDecoder decoder(QStringDecoder::Utf8,
                                       QStringDecoder::Flag::Stateless | QStringDecoder::Flag::ConvertInitialBom);
                out.value = decoder.decode(value);
                if (decoder.hasError()) {
                    problem = QStringLiteral("not valid UTF-8 in the value of %1 in DN: %2").arg(out.type, text);
                    break;
                }
            }
            if (!isValidAttributeType(out.type)) {
                problem = QStringLiteral("not a valid attribute type in DN: %1").arg(out.type);
                break;
            }
            rdn << out;
        }
        rdns << rdn;
    }
    ldap_dnfree(parsed);
    if (!problem.isEmpty())
        return fail(problem);
    return LdapDn(std::move(rdns));
}

LdapDn LdapDn::fromTrusted(QStringView text)
{
    QString error;
    auto dn = parse(text, &error);
    Q_ASSERT_X(dn.has_value(), "LdapDn::fromTrusted", qPrintable(error));
    return dn.value_or(LdapDn());
}

LdapDn LdapDn::child(const QString &attribute, const QString &value) const
{
    Q_ASSERT_X(isValidAttributeType(attribute), "LdapDn::child", qPrintable(attribute));
    return child(LdapRdn{LdapAva{attribute, value}});
}

LdapDn LdapDn::child(const LdapRdn &rdn) const
{
    QList<LdapRdn> rdns;
    rdns.reserve(m_rdns.size() + 1);
    rdns << rdn;
    rdns << m_rdns;
    return LdapDn(std::move(rdns));
}

LdapDn LdapDn::parent() const
{
    if (m_rdns.isEmpty())
        return {};
    return LdapDn(m_rdns.mid(1));
}

LdapRdn LdapDn::rdn() const
{
    return m_rdns.isEmpty() ? LdapRdn() : m_rdns.first();
}

QString LdapDn::rdnAttribute() const
{
    return m_rdns.isEmpty() || m_rdns.first().isEmpty() ? QString() : m_rdns.first().first().type;
}

QString LdapDn::rdnValue() const
{
    return m_rdns.isEmpty() || m_rdns.first().isEmpty() ? QString() : m_rdns.first().first().value;
}

bool LdapDn::isDescendantOf(const LdapDn &ancestor) const
{
    if (ancestor.m_rdns.size() >= m_rdns.size())
        return false;
    const qsizetype offset = m_rdns.size() - ancestor.m_rdns.size();
    for (qsizetype i = 0; i < ancestor.m_rdns.size(); ++i) {
        if (rdnToString(m_rdns.at(offset + i), true) != rdnToString(ancestor.m_rdns.at(i), true))
            return false;
    }
    return true;
}

LdapDn LdapDn::rebased(const LdapDn &oldBase, const LdapDn &newBase) const
{
    if (*this == oldBase)
        return newBase;
    if (!isDescendantOf(oldBase))
        return *this;
    QList<LdapRdn> rdns = m_rdns.first(m_rdns.size() - oldBase.m_rdns.size());
    rdns << newBase.m_rdns;
    return LdapDn(std::move(rdns));
}

QString LdapDn::toString() const
{
    QStringList parts;
    parts.reserve(m_rdns.size());
    for (const LdapRdn &rdn : m_rdns)
        parts << rdnToString(rdn, false);
    return parts.join(QLatin1Char(','));
}

QString LdapDn::normalized() const
{
    QStringList parts;
    parts.reserve(m_rdns.size());
    for (const LdapRdn &rdn : m_rdns)
        parts << rdnToString(rdn, true);
    return parts.join(QLatin1Char(','));
}

QString LdapDn::escapeValue(QStringView value)
{
    QString out;
    out.reserve(value.size() + 8);
    for (qsizetype i = 0; i < value.size(); ++i) {
        const QChar c = value.at(i);
        const char16_t u = c.unicode();
        const bool first = i == 0;
        const bool last = i == value.size() - 1;
        if (u == u'"' || u == u'+' || u == u',' || u == u';' || u == u'<' || u == u'>' || u == u'\\'
            || u == u'=' || (first && (u == u' ' || u == u'#')) || (last && u == u' ')) {
            out += QLatin1Char('\\');
            out += c;
        } else if (u < 0x20 || u == 0x7f) {
            // Control characters (NUL included) as hex pairs, so the string stays printable.
            out += QStringLiteral("\\%1").arg(uint(u), 2, 16, QLatin1Char('0'));
        } else {
            out += c;
        }
    }
    return out;
}

bool LdapDn::isValidAttributeType(QStringView type)
{
    if (type.isEmpty())
        return false;
    const QChar first = type.front();
    if (first.isDigit()) {
        // numericoid: number *( "." number ), number = DIGIT / ( LDIGIT 1*DIGIT ) (RFC 4512)
        qsizetype numberStart = 0;
        for (qsizetype i = 0; i <= type.size(); ++i) {
            if (i == type.size() || type.at(i) == QLatin1Char('.')) {
                const qsizetype length = i - numberStart;
                if (length == 0 || (length > 1 && type.at(numberStart) == QLatin1Char('0')))
                    return false;
                numberStart = i + 1;
            } else if (type.at(i).unicode() < u'0' || type.at(i).unicode() > u'9') {
                return false;
            }
        }
        return true;
    }
    // descr: ALPHA *( ALPHA / DIGIT / HYPHEN )
    for (qsizetype i = 0; i < type.size(); ++i) {
        const char16_t u = type.at(i).unicode();
        const bool alpha = (u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z');
        const bool digit = u >= u'0' && u <= u'9';
        if (i == 0 ? !alpha : !(alpha || digit || u == u'-'))
            return false;
    }
    return true;
}

} // namespace Isp::Core

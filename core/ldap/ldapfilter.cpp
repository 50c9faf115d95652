#include "core/ldap/ldapfilter.h"

#include "core/ldap/ldapdn.h"

namespace Isp::Core {

LdapFilter::LdapFilter() : m_text(QByteArrayLiteral("(objectClass=*)")) {}

LdapFilter::LdapFilter(QByteArray text, bool valid, QString problem)
    : m_text(std::move(text)), m_valid(valid), m_problem(std::move(problem))
{
}

bool LdapFilter::isValidAttribute(const QString &attribute)
{
    // attributedescription = attributetype options; options are ";lang-de" style descriptors.
    const QList<QStringView> parts = QStringView(attribute).split(QLatin1Char(';'));
    if (!LdapDn::isValidAttributeType(parts.first()))
        return false;
    for (qsizetype i = 1; i < parts.size(); ++i) {
        if (parts.at(i).isEmpty() || parts.at(i).front().isDigit() || !LdapDn::isValidAttributeType(parts.at(i)))
            return false;
    }
    return true;
}

QByteArray LdapFilter::escapeValue(QByteArrayView value)
{
    static const char hex[] = "0123456789abcdef";
    QByteArray out;
    out.reserve(value.size() + 8);
    for (const char ch : value) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == '*' || c == '(' || c == ')' || c == '\\' || c < 0x20 || c >= 0x7f) {
            out += '\\';
            out += hex[c >> 4];
            out += hex[c & 0xf];
        } else {
            out += char(c);
        }
    }
    return out;
}

LdapFilter LdapFilter::simple(const QString &attribute, const char *op, QByteArrayView value)
{
    if (!isValidAttribute(attribute))
        return LdapFilter(QByteArrayLiteral("(!(objectClass=*))"), false,
                          QStringLiteral("invalid attribute name in filter: \"%1\"").arg(attribute));
    QByteArray text = "(" + attribute.toUtf8() + op + escapeValue(value) + ")";
    return LdapFilter(std::move(text), true, {});
}

LdapFilter LdapFilter::equals(const QString &attribute, QByteArrayView value)
{
    return simple(attribute, "=", value);
}

LdapFilter LdapFilter::equals(const QString &attribute, const QByteArray &value)
{
    return simple(attribute, "=", value);
}

LdapFilter LdapFilter::equals(const QString &attribute, const QString &value)
{
    return simple(attribute, "=", value.toUtf8());
}

LdapFilter LdapFilter::present(const QString &attribute)
{
    if (!isValidAttribute(attribute))
        return simple(attribute, "=", {});
    return LdapFilter("(" + attribute.toUtf8() + "=*)", true, {});
}

LdapFilter LdapFilter::greaterOrEqual(const QString &attribute, const QString &value)
{
    return simple(attribute, ">=", value.toUtf8());
}

LdapFilter LdapFilter::lessOrEqual(const QString &attribute, const QString &value)
{
    return simple(attribute, "<=", value.toUtf8());
}

LdapFilter LdapFilter::approx(const QString &attribute, const QString &value)
{
    return simple(attribute, "~=", value.toUtf8());
}

LdapFilter LdapFilter::substring(const QString &attribute, const QString &initial, const QList<QString> &any,
                                 const QString &final)
{
    if (!isValidAttribute(attribute))
        return simple(attribute, "=", {});
    QByteArray text = "(" + attribute.toUtf8() + "=" + escapeValue(initial.toUtf8()) + "*";
    for (const QString &part : any) {
        if (!part.isEmpty())
            text += escapeValue(part.toUtf8()) + "*";
    }
    text += escapeValue(final.toUtf8()) + ")";
    return LdapFilter(std::move(text), true, {});
}

LdapFilter LdapFilter::contains(const QString &attribute, const QString &value)
{
    return substring(attribute, {}, {value}, {});
}

LdapFilter LdapFilter::startsWith(const QString &attribute, const QString &value)
{
    return substring(attribute, value, {}, {});
}

LdapFilter LdapFilter::endsWith(const QString &attribute, const QString &value)
{
    return substring(attribute, {}, {}, value);
}

LdapFilter LdapFilter::combine(char op, const QList<LdapFilter> &filters)
{
    QByteArray text = QByteArrayLiteral("(") + op;
    bool valid = true;
    QString problem;
    for (const LdapFilter &f : filters) {
        text += f.m_text;
        if (!f.m_valid && valid) {
            valid = false;
            problem = f.m_problem;
        }
    }
    text += ')';
    // An empty AND is absolute true "(&)", an empty OR absolute false "(|)" (RFC 4526): valid.
    return LdapFilter(std::move(text), valid, problem);
}

LdapFilter LdapFilter::allOf(const QList<LdapFilter> &filters)
{
    if (filters.size() == 1)
        return filters.first();
    return combine('&', filters);
}

LdapFilter LdapFilter::anyOf(const QList<LdapFilter> &filters)
{
    if (filters.size() == 1)
        return filters.first();
    return combine('|', filters);
}

LdapFilter LdapFilter::negate(const LdapFilter &filter)
{
    return LdapFilter("(!" + filter.m_text + ")", filter.m_valid, filter.m_problem);
}

} // namespace Isp::Core

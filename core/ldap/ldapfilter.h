// LdapFilter: the only way ISPMan code builds search filters. Values are always escaped
// (RFC 4515), so "*)(uid=*))(|(uid=*" typed into a form is matched literally and cannot widen
// a search. Attribute names are checked; a filter built with an invalid name is invalid and
// LdapConnection refuses to send it (filterError) instead of sending something else.
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

#include <initializer_list>

namespace Isp::Core {

class LdapFilter
{
public:
    // (objectClass=*): matches every entry.
    LdapFilter();

    static LdapFilter equals(const QString &attribute, QByteArrayView value);
    // Binary values as they come from LdapEntry::value(). Without this overload a QByteArray is
    // ambiguous between the two above under QT_NO_CAST_FROM_ASCII (QString's private
    // QByteArray constructor still takes part in overload resolution).
    static LdapFilter equals(const QString &attribute, const QByteArray &value);
    static LdapFilter equals(const QString &attribute, const QString &value);
    static LdapFilter present(const QString &attribute);
    static LdapFilter greaterOrEqual(const QString &attribute, const QString &value);
    static LdapFilter lessOrEqual(const QString &attribute, const QString &value);
    static LdapFilter approx(const QString &attribute, const QString &value);
    // attribute=initial*any1*any2*final; empty parts are left out.
    static LdapFilter substring(const QString &attribute, const QString &initial, const QList<QString> &any,
                                const QString &final);
    static LdapFilter contains(const QString &attribute, const QString &value);
    static LdapFilter startsWith(const QString &attribute, const QString &value);
    static LdapFilter endsWith(const QString &attribute, const QString &value);
    static LdapFilter objectClass(const QString &name) { return equals(QStringLiteral("objectClass"), name); }

    static LdapFilter allOf(const QList<LdapFilter> &filters);
    static LdapFilter anyOf(const QList<LdapFilter> &filters);
    static LdapFilter allOf(std::initializer_list<LdapFilter> filters) { return allOf(QList<LdapFilter>(filters)); }
    static LdapFilter anyOf(std::initializer_list<LdapFilter> filters) { return anyOf(QList<LdapFilter>(filters)); }
    static LdapFilter negate(const LdapFilter &filter);

    [[nodiscard]] bool isValid() const { return m_valid; }
    // Why the filter is invalid (empty when valid).
    [[nodiscard]] QString problem() const { return m_problem; }
    // The RFC 4515 string, UTF-8.
    [[nodiscard]] QByteArray toByteArray() const { return m_text; }
    [[nodiscard]] QString toString() const { return QString::fromUtf8(m_text); }

    // Escapes an assertion value: "*", "(", ")", "\", NUL and every byte outside printable
    // ASCII become \XX, so the result is plain ASCII whatever the input bytes were.
    static QByteArray escapeValue(QByteArrayView value);

    // Validity and problem count: an invalid filter's placeholder text must not equal a real filter's.
    friend bool operator==(const LdapFilter &a, const LdapFilter &b)
    {
        return a.m_valid == b.m_valid && a.m_text == b.m_text && a.m_problem == b.m_problem;
    }

private:
    LdapFilter(QByteArray text, bool valid, QString problem);
    static LdapFilter simple(const QString &attribute, const char *op, QByteArrayView value);
    static LdapFilter combine(char op, const QList<LdapFilter> &filters);
    static bool isValidAttribute(const QString &attribute);

    QByteArray m_text;
    bool m_valid = true;
    QString m_problem;
};

} // namespace Isp::Core

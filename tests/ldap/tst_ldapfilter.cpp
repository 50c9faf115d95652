// LdapFilter: RFC 4515 escaping, the exact text of every builder, hostile values that must stay
// literal, and invalid attribute names that must make the whole filter invalid. Besides the
// exact strings, every produced filter is read back by a small strict RFC 4515 reader here, so
// a stray metacharacter shows up as a different structure, not just a different string.
#include "core/ldap/ldapfilter.h"

#include <QTest>

using namespace Isp::Core;
using namespace Qt::StringLiterals;

namespace {

// Bytes as readable text: printable ASCII as is (backslash doubled), anything else as <hh>.
QString render(QByteArrayView bytes)
{
    QString out;
    for (const char ch : bytes) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == '\\')
            out += u"\\\\"_s;
        else if (c >= 0x20 && c < 0x7f)
            out += QLatin1Char(char(c));
        else
            out += u"<%1>"_s.arg(uint(c), 2, 16, QLatin1Char('0'));
    }
    return out;
}

// A strict reader for the RFC 4515 subset LdapFilter produces. Describes the structure as
// AND[..] OR[..] NOT[..] EQ(attr,value) GE LE APPROX PRESENT(attr) SUB(attr,initial,[any..],final),
// with values unescaped; "ERROR at N" when the text is not a well-formed filter.
class FilterReader
{
public:
    static QString describe(const QByteArray &text)
    {
        FilterReader r(text);
        const QString out = r.filter();
        if (r.m_error < 0 && r.m_pos != text.size())
            r.fail();
        return r.m_error < 0 ? out : u"ERROR at %1"_s.arg(r.m_error);
    }

private:
    explicit FilterReader(const QByteArray &text) : m_text(text) {}

    char peek() const { return m_pos < m_text.size() ? m_text.at(m_pos) : '\0'; }
    void fail()
    {
        if (m_error < 0)
            m_error = m_pos;
    }
    void expect(char c)
    {
        if (peek() != c)
            fail();
        ++m_pos;
    }

    QString filter()
    {
        if (m_error >= 0)
            return {};
        expect('(');
        QString out;
        switch (peek()) {
        case '&':
            ++m_pos;
            out = u"AND["_s + list() + u']';
            break;
        case '|':
            ++m_pos;
            out = u"OR["_s + list() + u']';
            break;
        case '!':
            ++m_pos;
            out = u"NOT["_s + filter() + u']';
            break;
        default:
            out = item();
        }
        expect(')');
        return out;
    }

    QString list()
    {
        QStringList parts;
        while (m_error < 0 && peek() == '(')
            parts << filter();
        return parts.join(u',');
    }

    QString item()
    {
        const qsizetype start = m_pos;
        while (m_pos < m_text.size() && !QByteArrayView("=~<>()*\\").contains(peek()))
            ++m_pos;
        const QString attribute = QString::fromUtf8(m_text.mid(start, m_pos - start));
        if (attribute.isEmpty())
            fail();
        QString op;
        if (peek() == '=') {
            ++m_pos;
            op = u"="_s;
        } else if (peek() == '~' || peek() == '>' || peek() == '<') {
            op = QString(QLatin1Char(peek())) + u'=';
            ++m_pos;
            expect('=');
        } else {
            fail();
            return {};
        }
        // Value: unescaped parts separated by '*'.
        QList<QByteArray> parts{QByteArray()};
        while (m_error < 0 && peek() != ')') {
            const char c = peek();
            if (m_pos >= m_text.size() || c == '(') {
                fail();
            } else if (c == '*') {
                parts << QByteArray();
                ++m_pos;
            } else if (c == '\\') {
                const QByteArray hex = m_text.mid(m_pos + 1, 2);
                bool ok = hex.size() == 2;
                const int byte = ok ? hex.toInt(&ok, 16) : 0;
                if (!ok || !isxdigit(static_cast<unsigned char>(hex.at(0))))
                    fail();
                parts.last() += char(byte);
                m_pos += 3;
            } else {
                parts.last() += c;
                ++m_pos;
            }
        }
        if (parts.size() == 1) {
            const QString value = render(parts.first());
            if (op == u"=")
                return u"EQ(%1,%2)"_s.arg(attribute, value);
            if (op == u">=")
                return u"GE(%1,%2)"_s.arg(attribute, value);
            if (op == u"<=")
                return u"LE(%1,%2)"_s.arg(attribute, value);
            return u"APPROX(%1,%2)"_s.arg(attribute, value);
        }
        if (op != u"=")
            fail();
        if (parts.size() == 2 && parts.at(0).isEmpty() && parts.at(1).isEmpty())
            return u"PRESENT(%1)"_s.arg(attribute);
        QStringList any;
        for (qsizetype i = 1; i + 1 < parts.size(); ++i) {
            if (parts.at(i).isEmpty())
                fail(); // "**" is not RFC 4515
            any << render(parts.at(i));
        }
        return u"SUB(%1,%2,[%3],%4)"_s.arg(attribute, render(parts.first()), any.join(u','), render(parts.last()));
    }

    QByteArray m_text;
    qsizetype m_pos = 0;
    qsizetype m_error = -1;
};

// Every '\' starts a two-hex-digit escape, and nothing else in the value is a metacharacter or
// outside printable ASCII.
bool isSafeValueText(QByteArrayView text)
{
    for (qsizetype i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text.at(i));
        if (c == '*' || c == '(' || c == ')' || c < 0x20 || c >= 0x7f)
            return false;
        if (c == '\\') {
            if (i + 2 >= text.size())
                return false;
            if (!isxdigit(static_cast<unsigned char>(text.at(i + 1)))
                || !isxdigit(static_cast<unsigned char>(text.at(i + 2))))
                return false;
            i += 2;
        }
    }
    return true;
}

QByteArray bytes(const char *data, qsizetype size)
{
    return QByteArray(data, size);
}

} // namespace

class TestLdapFilter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void reader_data();
    void reader();
    void escapeValue_data();
    void escapeValue();
    void builders_data();
    void builders();
    void hostileValues_data();
    void hostileValues();
    void invalidAttribute_data();
    void invalidAttribute();
    void validAttribute_data();
    void validAttribute();
    void equality_data();
    void equality();
};

// The reader is the test's yardstick: make sure it rejects what it must.
void TestLdapFilter::reader_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("structure");

    QTest::newRow("equality") << "(uid=a\\2ab)"_ba << u"EQ(uid,a*b)"_s;
    QTest::newRow("presence") << "(uid=*)"_ba << u"PRESENT(uid)"_s;
    QTest::newRow("substring") << "(cn=a*b*c)"_ba << u"SUB(cn,a,[b],c)"_s;
    QTest::newRow("nested") << "(&(a=1)(!(|(b=2)(c>=3))))"_ba << u"AND[EQ(a,1),NOT[OR[EQ(b,2),GE(c,3)]]]"_s;
    QTest::newRow("unbalanced") << "(uid=a)(x=b)"_ba << u"ERROR at 7"_s;
    QTest::newRow("raw parenthesis in value") << "(uid=a(b)"_ba << u"ERROR at 6"_s;
    QTest::newRow("bad escape") << "(uid=\\zz)"_ba << u"ERROR at 5"_s;
    QTest::newRow("truncated") << "(uid=a"_ba << u"ERROR at 6"_s;
}

void TestLdapFilter::reader()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, structure);
    QCOMPARE(FilterReader::describe(text), structure);
}

void TestLdapFilter::escapeValue_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<QByteArray>("escaped");

    QTest::newRow("plain ASCII untouched") << "john.doe-42 @x,y;z"_ba << "john.doe-42 @x,y;z"_ba;
    QTest::newRow("other filter characters untouched") << "=&|!~<>:"_ba << "=&|!~<>:"_ba;
    QTest::newRow("empty") << QByteArray() << QByteArray();
    QTest::newRow("asterisk") << "*"_ba << "\\2a"_ba;
    QTest::newRow("open parenthesis") << "("_ba << "\\28"_ba;
    QTest::newRow("close parenthesis") << ")"_ba << "\\29"_ba;
    QTest::newRow("backslash") << "\\"_ba << "\\5c"_ba;
    QTest::newRow("NUL") << bytes("\0", 1) << "\\00"_ba;
    QTest::newRow("NUL inside") << bytes("a\0b", 3) << "a\\00b"_ba;
    QTest::newRow("SOH") << "\x01"_ba << "\\01"_ba;
    QTest::newRow("tab") << "\t"_ba << "\\09"_ba;
    QTest::newRow("newline") << "\n"_ba << "\\0a"_ba;
    QTest::newRow("unit separator 0x1f") << "\x1f"_ba << "\\1f"_ba;
    QTest::newRow("DEL 0x7f") << "\x7f"_ba << "\\7f"_ba;
    QTest::newRow("byte 0x80") << "\x80"_ba << "\\80"_ba;
    QTest::newRow("byte 0xff") << "\xff"_ba << "\\ff"_ba;
    QTest::newRow("UTF-8 umlaut") << QByteArray("\xc3\xbc") << "\\c3\\bc"_ba;
    QTest::newRow("already escaped text is escaped again") << "\\2a"_ba << "\\5c2a"_ba;
    QTest::newRow("space kept") << " a b "_ba << " a b "_ba;
    QTest::newRow("mixed") << "a*(b)\\c"_ba << "a\\2a\\28b\\29\\5cc"_ba;
}

void TestLdapFilter::escapeValue()
{
    QFETCH(QByteArray, value);
    QFETCH(QByteArray, escaped);
    const QByteArray out = LdapFilter::escapeValue(value);
    QCOMPARE(out, escaped);
    QVERIFY(isSafeValueText(out));
    // And it reads back as the original bytes.
    QCOMPARE(FilterReader::describe("(a=" + out + ")"),
             value.isEmpty() ? u"EQ(a,)"_s : u"EQ(a,%1)"_s.arg(render(value)));
}

void TestLdapFilter::builders_data()
{
    QTest::addColumn<LdapFilter>("filter");
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("structure");

    const LdapFilter uidJohn = LdapFilter::equals(u"uid"_s, u"john"_s);
    const LdapFilter hasMail = LdapFilter::present(u"mail"_s);

    QTest::newRow("default matches everything") << LdapFilter() << "(objectClass=*)"_ba << u"PRESENT(objectClass)"_s;
    QTest::newRow("equals text") << uidJohn << "(uid=john)"_ba << u"EQ(uid,john)"_s;
    QTest::newRow("equals UTF-8 text") << LdapFilter::equals(u"cn"_s, u"Jürgen"_s) << "(cn=J\\c3\\bcrgen)"_ba
                                       << u"EQ(cn,J<c3><bc>rgen)"_s;
    QTest::newRow("equals binary bytes") << LdapFilter::equals(u"entryUUID"_s, bytes("\x00\x01\xfe\xff", 4))
                                         << "(entryUUID=\\00\\01\\fe\\ff)"_ba << u"EQ(entryUUID,<00><01><fe><ff>)"_s;
    QTest::newRow("equals byte view") << LdapFilter::equals(u"cn"_s, QByteArrayView("a*(")) << "(cn=a\\2a\\28)"_ba
                                      << u"EQ(cn,a*()"_s;
    QTest::newRow("equals empty value") << LdapFilter::equals(u"cn"_s, QString()) << "(cn=)"_ba << u"EQ(cn,)"_s;
    QTest::newRow("present") << hasMail << "(mail=*)"_ba << u"PRESENT(mail)"_s;
    QTest::newRow("greaterOrEqual") << LdapFilter::greaterOrEqual(u"uidNumber"_s, u"1000"_s)
                                    << "(uidNumber>=1000)"_ba << u"GE(uidNumber,1000)"_s;
    QTest::newRow("lessOrEqual") << LdapFilter::lessOrEqual(u"uidNumber"_s, u"2000"_s) << "(uidNumber<=2000)"_ba
                                 << u"LE(uidNumber,2000)"_s;
    QTest::newRow("approx") << LdapFilter::approx(u"cn"_s, u"jon"_s) << "(cn~=jon)"_ba << u"APPROX(cn,jon)"_s;
    QTest::newRow("substring, all parts") << LdapFilter::substring(u"cn"_s, u"a"_s, {u"b"_s, u"c"_s}, u"d"_s)
                                          << "(cn=a*b*c*d)"_ba << u"SUB(cn,a,[b,c],d)"_s;
    QTest::newRow("substring, empty any parts left out")
        << LdapFilter::substring(u"cn"_s, u"a"_s, {QString(), u"b"_s, QString()}, QString()) << "(cn=a*b*)"_ba
        << u"SUB(cn,a,[b],)"_s;
    QTest::newRow("substring, parts escaped")
        << LdapFilter::substring(u"cn"_s, u"a*"_s, {u"("_s}, u")"_s) << "(cn=a\\2a*\\28*\\29)"_ba
        << u"SUB(cn,a*,[(],))"_s;
    QTest::newRow("contains") << LdapFilter::contains(u"mail"_s, u"@example"_s) << "(mail=*@example*)"_ba
                              << u"SUB(mail,,[@example],)"_s;
    QTest::newRow("startsWith") << LdapFilter::startsWith(u"uid"_s, u"jo"_s) << "(uid=jo*)"_ba
                                << u"SUB(uid,jo,[],)"_s;
    QTest::newRow("endsWith") << LdapFilter::endsWith(u"mail"_s, u"@x.com"_s) << "(mail=*@x.com)"_ba
                              << u"SUB(mail,,[],@x.com)"_s;
    QTest::newRow("objectClass") << LdapFilter::objectClass(u"ispmanDomain"_s) << "(objectClass=ispmanDomain)"_ba
                                 << u"EQ(objectClass,ispmanDomain)"_s;
    QTest::newRow("allOf") << LdapFilter::allOf({uidJohn, hasMail}) << "(&(uid=john)(mail=*))"_ba
                           << u"AND[EQ(uid,john),PRESENT(mail)]"_s;
    QTest::newRow("anyOf") << LdapFilter::anyOf({uidJohn, hasMail}) << "(|(uid=john)(mail=*))"_ba
                           << u"OR[EQ(uid,john),PRESENT(mail)]"_s;
    QTest::newRow("allOf from a list") << LdapFilter::allOf(QList<LdapFilter>{uidJohn, hasMail, uidJohn})
                                       << "(&(uid=john)(mail=*)(uid=john))"_ba
                                       << u"AND[EQ(uid,john),PRESENT(mail),EQ(uid,john)]"_s;
    QTest::newRow("negate") << LdapFilter::negate(uidJohn) << "(!(uid=john))"_ba << u"NOT[EQ(uid,john)]"_s;
    QTest::newRow("nested") << LdapFilter::allOf({LdapFilter::objectClass(u"posixAccount"_s),
                                                  LdapFilter::anyOf({uidJohn, LdapFilter::negate(hasMail)})})
                            << "(&(objectClass=posixAccount)(|(uid=john)(!(mail=*))))"_ba
                            << u"AND[EQ(objectClass,posixAccount),OR[EQ(uid,john),NOT[PRESENT(mail)]]]"_s;
    QTest::newRow("single-element allOf is the element") << LdapFilter::allOf({uidJohn}) << "(uid=john)"_ba
                                                         << u"EQ(uid,john)"_s;
    QTest::newRow("single-element anyOf is the element") << LdapFilter::anyOf({hasMail}) << "(mail=*)"_ba
                                                         << u"PRESENT(mail)"_s;
    QTest::newRow("empty allOf is absolute true") << LdapFilter::allOf(QList<LdapFilter>()) << "(&)"_ba
                                                  << u"AND[]"_s;
    QTest::newRow("empty anyOf is absolute false") << LdapFilter::anyOf(QList<LdapFilter>()) << "(|)"_ba
                                                   << u"OR[]"_s;
    QTest::newRow("attribute option") << LdapFilter::equals(u"cn;lang-de"_s, u"x"_s) << "(cn;lang-de=x)"_ba
                                      << u"EQ(cn;lang-de,x)"_s;
    QTest::newRow("numeric OID attribute") << LdapFilter::equals(u"2.5.4.3"_s, u"x"_s) << "(2.5.4.3=x)"_ba
                                           << u"EQ(2.5.4.3,x)"_s;
}

void TestLdapFilter::builders()
{
    QFETCH(LdapFilter, filter);
    QFETCH(QByteArray, text);
    QFETCH(QString, structure);

    QVERIFY2(filter.isValid(), qPrintable(filter.problem()));
    QCOMPARE(filter.problem(), QString());
    QCOMPARE(filter.toByteArray(), text);
    QCOMPARE(filter.toString(), QString::fromUtf8(text));
    QCOMPARE(FilterReader::describe(filter.toByteArray()), structure);
}

void TestLdapFilter::hostileValues_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<QByteArray>("escaped");

    QTest::newRow("widen the search") << "*)(uid=*))(|(uid=*"_ba << "\\2a\\29\\28uid=\\2a\\29\\29\\28|\\28uid=\\2a"_ba;
    QTest::newRow("wildcard suffix") << "admin*"_ba << "admin\\2a"_ba;
    QTest::newRow("lone wildcard") << "*"_ba << "\\2a"_ba;
    QTest::newRow("close and reopen") << ")(objectClass=*"_ba << "\\29\\28objectClass=\\2a"_ba;
    QTest::newRow("absolute true") << "(&)"_ba << "\\28&\\29"_ba;
    QTest::newRow("NUL truncation") << bytes("admin\0*", 7) << "admin\\00\\2a"_ba;
    QTest::newRow("leading NUL") << bytes("\0x", 2) << "\\00x"_ba;
    QTest::newRow("pre-escaped wildcard") << "\\2a"_ba << "\\5c2a"_ba;
    QTest::newRow("trailing backslash") << "x\\"_ba << "x\\5c"_ba;
    QTest::newRow("invalid UTF-8") << "\xff\xfe("_ba << "\\ff\\fe\\28"_ba;
    QTest::newRow("newline") << "a\n)"_ba << "a\\0a\\29"_ba;
}

void TestLdapFilter::hostileValues()
{
    QFETCH(QByteArray, value);
    QFETCH(QByteArray, escaped);
    const QString uid = u"uid"_s;
    const QString v = render(value);

    const LdapFilter eq = LdapFilter::equals(uid, value);
    QVERIFY(eq.isValid());
    QCOMPARE(eq.toByteArray(), "(uid=" + escaped + ")");
    QVERIFY(isSafeValueText(eq.toByteArray().sliced(5).chopped(1)));
    QCOMPARE(FilterReader::describe(eq.toByteArray()), u"EQ(uid,%1)"_s.arg(v));

    // Through a QString (valid UTF-8 values only: the others cannot be a QString unchanged).
    if (QString::fromUtf8(value).toUtf8() == value)
        QVERIFY(LdapFilter::equals(uid, QString::fromUtf8(value)) == eq);

    const QString text = QString::fromUtf8(value);
    const QString t = render(text.toUtf8());
    const struct
    {
        LdapFilter filter;
        QString structure;
    } cases[] = {
        {LdapFilter::greaterOrEqual(uid, text), u"GE(uid,%1)"_s.arg(t)},
        {LdapFilter::lessOrEqual(uid, text), u"LE(uid,%1)"_s.arg(t)},
        {LdapFilter::approx(uid, text), u"APPROX(uid,%1)"_s.arg(t)},
        {LdapFilter::contains(uid, text), u"SUB(uid,,[%1],)"_s.arg(t)},
        {LdapFilter::startsWith(uid, text), u"SUB(uid,%1,[],)"_s.arg(t)},
        {LdapFilter::endsWith(uid, text), u"SUB(uid,,[],%1)"_s.arg(t)},
        {LdapFilter::substring(uid, text, {text, text}, text), u"SUB(uid,%1,[%1,%1],%1)"_s.arg(t)},
        {LdapFilter::allOf({LdapFilter::objectClass(u"posixAccount"_s), eq}),
         u"AND[EQ(objectClass,posixAccount),EQ(uid,%1)]"_s.arg(v)},
        {LdapFilter::anyOf({eq, LdapFilter::negate(eq)}), u"OR[EQ(uid,%1),NOT[EQ(uid,%1)]]"_s.arg(v)},
    };
    for (const auto &c : cases) {
        QVERIFY(c.filter.isValid());
        QCOMPARE(FilterReader::describe(c.filter.toByteArray()), c.structure);
        // No raw metacharacter between the attribute and the closing parenthesis of any item.
        const QByteArray filterText = c.filter.toByteArray();
        // "(uid" can only be the start of an item: a raw "(" never occurs inside a value.
        for (qsizetype from = 0; (from = filterText.indexOf("(uid", from)) >= 0; from += 4) {
            const qsizetype valueStart = filterText.indexOf('=', from) + 1;
            const qsizetype valueEnd = filterText.indexOf(')', valueStart);
            QVERIFY(valueStart > 0 && valueEnd > valueStart);
            const QByteArray valueText = filterText.mid(valueStart, valueEnd - valueStart);
            QVERIFY2(isSafeValueText(QByteArray(valueText).replace('*', QByteArray())), valueText.constData());
        }
    }
}

void TestLdapFilter::invalidAttribute_data()
{
    QTest::addColumn<QString>("attribute");

    QTest::newRow("filter injection") << u"uid)(x"_s;
    QTest::newRow("space") << u"a b"_s;
    QTest::newRow("empty") << QString();
    QTest::newRow("starts with digit, not an OID") << u"1abc"_s;
    QTest::newRow("OID with leading zero") << u"1.02"_s;
    QTest::newRow("empty option") << u"uid;"_s;
    QTest::newRow("option only") << u";lang-de"_s;
    QTest::newRow("two separators") << u"cn;;lang-de"_s;
    QTest::newRow("option with space") << u"cn;lang de"_s;
    QTest::newRow("underscore") << u"u_id"_s;
    QTest::newRow("equals sign") << u"uid=x"_s;
    QTest::newRow("asterisk") << u"*"_s;
    QTest::newRow("operator inside") << u"uid>"_s;
    QTest::newRow("non-ASCII") << u"ü"_s;
}

void TestLdapFilter::invalidAttribute()
{
    QFETCH(QString, attribute);
    const QString value = u"x"_s;
    const QList<LdapFilter> filters{
        LdapFilter::equals(attribute, value),
        LdapFilter::equals(attribute, "x"_ba),
        LdapFilter::equals(attribute, QByteArrayView("x")),
        LdapFilter::present(attribute),
        LdapFilter::greaterOrEqual(attribute, value),
        LdapFilter::lessOrEqual(attribute, value),
        LdapFilter::approx(attribute, value),
        LdapFilter::substring(attribute, value, {value}, value),
        LdapFilter::contains(attribute, value),
        LdapFilter::startsWith(attribute, value),
        LdapFilter::endsWith(attribute, value),
    };
    const LdapFilter good = LdapFilter::equals(u"uid"_s, value);
    for (const LdapFilter &bad : filters) {
        QVERIFY(!bad.isValid());
        QVERIFY2(bad.problem().contains(u'"' + attribute + u'"'), qPrintable(bad.problem()));
        QVERIFY2(bad.problem().contains(u"attribute"_s), qPrintable(bad.problem()));
        // The bad name never makes it into the text.
        if (!attribute.isEmpty())
            QVERIFY2(!bad.toByteArray().contains("(" + attribute.toUtf8()), bad.toByteArray().constData());

        // Invalidity propagates through every combinator, wherever the bad part sits.
        const QList<LdapFilter> combined{
            LdapFilter::allOf({good, bad}),
            LdapFilter::allOf({bad, good}),
            LdapFilter::anyOf({good, bad}),
            LdapFilter::anyOf({bad}),
            LdapFilter::negate(bad),
            LdapFilter::negate(LdapFilter::negate(bad)),
            LdapFilter::allOf({good, LdapFilter::anyOf({good, LdapFilter::negate(bad)})}),
        };
        for (const LdapFilter &f : combined) {
            QVERIFY2(!f.isValid(), f.toByteArray().constData());
            QCOMPARE(f.problem(), bad.problem());
        }
    }
}

void TestLdapFilter::validAttribute_data()
{
    QTest::addColumn<QString>("attribute");

    QTest::newRow("descriptor") << u"uid"_s;
    QTest::newRow("mixed case") << u"ispmanDomain"_s;
    QTest::newRow("hyphen and digit") << u"x-ispman-1"_s;
    QTest::newRow("language option") << u"cn;lang-de"_s;
    QTest::newRow("binary option") << u"userCertificate;binary"_s;
    QTest::newRow("two options") << u"cn;lang-de;x-phonetic"_s;
    QTest::newRow("numeric OID") << u"2.5.4.3"_s;
    QTest::newRow("numeric OID with option") << u"2.5.4.3;lang-de"_s;
}

void TestLdapFilter::validAttribute()
{
    QFETCH(QString, attribute);
    const LdapFilter f = LdapFilter::equals(attribute, u"v"_s);
    QVERIFY2(f.isValid(), qPrintable(f.problem()));
    QCOMPARE(f.toString(), u"(%1=v)"_s.arg(attribute));
    QCOMPARE(LdapFilter::present(attribute).toString(), u"(%1=*)"_s.arg(attribute));
    QVERIFY(LdapFilter::contains(attribute, u"v"_s).isValid());
}

void TestLdapFilter::equality_data()
{
    QTest::addColumn<LdapFilter>("a");
    QTest::addColumn<LdapFilter>("b");
    QTest::addColumn<bool>("equal");

    const LdapFilter uidJohn = LdapFilter::equals(u"uid"_s, u"john"_s);
    const LdapFilter bad = LdapFilter::equals(u"a b"_s, u"john"_s);
    QTest::newRow("same filter built twice") << uidJohn << LdapFilter::equals(u"uid"_s, "john"_ba) << true;
    QTest::newRow("different value") << uidJohn << LdapFilter::equals(u"uid"_s, u"jane"_s) << false;
    QTest::newRow("attribute case is text") << uidJohn << LdapFilter::equals(u"UID"_s, u"john"_s) << false;
    QTest::newRow("default equals present(objectClass)")
        << LdapFilter() << LdapFilter::present(u"objectClass"_s) << true;
    QTest::newRow("same invalid filter") << bad << LdapFilter::equals(u"a b"_s, u"john"_s) << true;
    QTest::newRow("invalid is not the valid filter with the same text")
        << bad << LdapFilter::negate(LdapFilter()) << false;
    QTest::newRow("invalid filters naming different attributes")
        << bad << LdapFilter::equals(u"c d"_s, u"john"_s) << false;
}

void TestLdapFilter::equality()
{
    QFETCH(LdapFilter, a);
    QFETCH(LdapFilter, b);
    QFETCH(bool, equal);
    QCOMPARE(a == b, equal);
    QCOMPARE(b == a, equal);
}

QTEST_GUILESS_MAIN(TestLdapFilter)
#include "tst_ldapfilter.moc"

// LdapDn: RFC 4514 escaping, parsing (through libldap, pedantic), composing with child() so that
// hostile values can never add or change an RDN, case-insensitive equality and hashing, and the
// tree helpers (parent, isDescendantOf, rebased).
#include "core/ldap/ldapdn.h"

#include <QSet>
#include <QTest>

#include <algorithm>

using namespace Isp::Core;
using namespace Qt::StringLiterals;

namespace {

using Rdns = QList<LdapRdn>;

// Readable and exact: control characters as <hh>, hex strings flagged.
QString visible(const QString &value)
{
    QString out;
    for (const QChar c : value) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            out += u"<%1>"_s.arg(uint(c.unicode()), 2, 16, QLatin1Char('0'));
        else
            out += c;
    }
    return out;
}

QString describe(const Rdns &rdns)
{
    QStringList out;
    for (const LdapRdn &rdn : rdns) {
        QStringList avas;
        for (const LdapAva &ava : rdn)
            avas << ava.type + u"=["_s + visible(ava.value) + u']' + (ava.hexString ? u"(hex)"_s : QString());
        out << avas.join(u'+');
    }
    return out.join(u" | "_s);
}

LdapDn mustParse(const QString &text)
{
    QString error;
    const auto dn = LdapDn::parse(text, &error);
    if (!dn)
        qFatal("test DN does not parse: %s (%s)", qPrintable(text), qPrintable(error));
    return *dn;
}

} // namespace

class TestLdapDn : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void escapeValue_data();
    void escapeValue();
    void isValidAttributeType_data();
    void isValidAttributeType();
    void parseValid_data();
    void parseValid();
    void parseInvalid_data();
    void parseInvalid();
    void childRoundTrip_data();
    void childRoundTrip();
    void constructedHexString_data();
    void constructedHexString();
    void equality_data();
    void equality();
    void normalized_data();
    void normalized();
    void navigation_data();
    void navigation();
    void isDescendantOf_data();
    void isDescendantOf();
    void rebased_data();
    void rebased();
    void emptyDn();
};

void TestLdapDn::escapeValue_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("escaped");

    QTest::newRow("plain ASCII untouched") << u"john.doe-42"_s << u"john.doe-42"_s;
    QTest::newRow("empty value") << QString() << QString();
    QTest::newRow("double quote") << u"a\"b"_s << u"a\\\"b"_s;
    QTest::newRow("plus") << u"a+b"_s << u"a\\+b"_s;
    QTest::newRow("comma") << u"a,b"_s << u"a\\,b"_s;
    QTest::newRow("semicolon") << u"a;b"_s << u"a\\;b"_s;
    QTest::newRow("less-than") << u"a<b"_s << u"a\\<b"_s;
    QTest::newRow("greater-than") << u"a>b"_s << u"a\\>b"_s;
    QTest::newRow("backslash") << u"a\\b"_s << u"a\\\\b"_s;
    QTest::newRow("equals") << u"a=b"_s << u"a\\=b"_s;
    QTest::newRow("all specials") << u"\"+,;<>\\="_s << u"\\\"\\+\\,\\;\\<\\>\\\\\\="_s;
    QTest::newRow("leading space") << u" a"_s << u"\\ a"_s;
    QTest::newRow("leading hash") << u"#a"_s << u"\\#a"_s;
    QTest::newRow("inner hash kept") << u"a#b"_s << u"a#b"_s;
    QTest::newRow("trailing hash kept") << u"a#"_s << u"a#"_s;
    QTest::newRow("inner space kept") << u"a b"_s << u"a b"_s;
    QTest::newRow("trailing space") << u"a "_s << u"a\\ "_s;
    QTest::newRow("single space") << u" "_s << u"\\ "_s;
    QTest::newRow("three spaces: only ends escaped") << u"   "_s << u"\\  \\ "_s;
    QTest::newRow("leading hash and trailing space") << u"# "_s << u"\\#\\ "_s;
    QTest::newRow("NUL inside") << u"a\0b"_s << u"a\\00b"_s;
    QTest::newRow("NUL alone") << QString(QChar(0)) << u"\\00"_s;
    QTest::newRow("SOH") << u"\u0001x"_s << u"\\01x"_s;
    QTest::newRow("tab") << u"a\tb"_s << u"a\\09b"_s;
    QTest::newRow("newline") << u"a\nb"_s << u"a\\0ab"_s;
    QTest::newRow("carriage return") << u"a\rb"_s << u"a\\0db"_s;
    QTest::newRow("unit separator 0x1f") << u"\u001f"_s << u"\\1f"_s;
    QTest::newRow("DEL 0x7f") << u"\u007f"_s << u"\\7f"_s;
    QTest::newRow("umlaut kept") << u"Jürgen"_s << u"Jürgen"_s;
    QTest::newRow("CJK kept") << u"日本"_s << u"日本"_s;
    QTest::newRow("non-BMP kept") << u"a😀b"_s << u"a😀b"_s;
    QTest::newRow("filter metacharacters kept") << u"*()"_s << u"*()"_s;
}

void TestLdapDn::escapeValue()
{
    QFETCH(QString, value);
    QFETCH(QString, escaped);
    QCOMPARE(LdapDn::escapeValue(value), escaped);

    // libldap reads the escaped form back as exactly the original value, in one AVA.
    QString error;
    const auto dn = LdapDn::parse(u"cn="_s + LdapDn::escapeValue(value) + u",o=x"_s, &error);
    QVERIFY2(dn.has_value(), qPrintable(error));
    QCOMPARE(dn->depth(), 2);
    QCOMPARE(dn->rdn().size(), 1);
    QCOMPARE(visible(dn->rdnValue()), visible(value));
    QCOMPARE(dn->rdnValue().toUtf8(), value.toUtf8());
}

void TestLdapDn::isValidAttributeType_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<bool>("valid");

    QTest::newRow("short descriptor") << u"o"_s << true;
    QTest::newRow("descriptor") << u"uid"_s << true;
    QTest::newRow("mixed-case descriptor") << u"ispmanDomain"_s << true;
    QTest::newRow("descriptor with hyphen and digit") << u"x-ispman-1"_s << true;
    QTest::newRow("numeric OID") << u"2.5.4.3"_s << true;
    QTest::newRow("single-arc OID") << u"7"_s << true;
    QTest::newRow("OID with zero arc") << u"1.0.10"_s << true;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("starts with digit, not an OID") << u"1abc"_s << false;
    QTest::newRow("OID arc with leading zero") << u"1.02"_s << false;
    QTest::newRow("OID with empty arc") << u"1..2"_s << false;
    QTest::newRow("OID with trailing dot") << u"1.2."_s << false;
    QTest::newRow("OID with leading dot") << u".1.2"_s << false;
    QTest::newRow("underscore") << u"u_id"_s << false;
    QTest::newRow("leading hyphen") << u"-uid"_s << false;
    QTest::newRow("space") << u"a b"_s << false;
    QTest::newRow("option is not a type") << u"cn;lang-de"_s << false;
    QTest::newRow("equals sign") << u"uid="_s << false;
    QTest::newRow("comma") << u"o=x,uid"_s << false;
    QTest::newRow("non-ASCII letter") << u"ü"_s << false;
    QTest::newRow("non-ASCII digit") << u"\u0661"_s << false;
}

void TestLdapDn::isValidAttributeType()
{
    QFETCH(QString, type);
    QFETCH(bool, valid);
    QCOMPARE(LdapDn::isValidAttributeType(type), valid);
}

void TestLdapDn::parseValid_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<Rdns>("rdns");
    QTest::addColumn<QString>("string"); // toString() of the parsed DN

    const auto ava = [](const QString &type, const QString &value, bool hex = false) {
        return LdapAva{type, value, hex};
    };

    QTest::newRow("single RDN") << u"uid=john"_s << Rdns{{ava(u"uid"_s, u"john"_s)}} << u"uid=john"_s;
    QTest::newRow("three RDNs") << u"uid=john,ou=people,o=example"_s
                                << Rdns{{ava(u"uid"_s, u"john"_s)},
                                        {ava(u"ou"_s, u"people"_s)},
                                        {ava(u"o"_s, u"example"_s)}}
                                << u"uid=john,ou=people,o=example"_s;
    QTest::newRow("multi-valued RDN") << u"cn=a+sn=b,o=x"_s
                                      << Rdns{{ava(u"cn"_s, u"a"_s), ava(u"sn"_s, u"b"_s)}, {ava(u"o"_s, u"x"_s)}}
                                      << u"cn=a+sn=b,o=x"_s;
    QTest::newRow("multi-valued RDN, same type twice")
        << u"cn=a+cn=b"_s << Rdns{{ava(u"cn"_s, u"a"_s), ava(u"cn"_s, u"b"_s)}} << u"cn=a+cn=b"_s;
    QTest::newRow("escaped comma") << u"cn=a\\,b,o=x"_s << Rdns{{ava(u"cn"_s, u"a,b"_s)}, {ava(u"o"_s, u"x"_s)}}
                                   << u"cn=a\\,b,o=x"_s;
    QTest::newRow("hex-escaped comma") << u"cn=a\\2Cb,o=x"_s
                                       << Rdns{{ava(u"cn"_s, u"a,b"_s)}, {ava(u"o"_s, u"x"_s)}} << u"cn=a\\,b,o=x"_s;
    QTest::newRow("hex escape, lower case") << u"cn=a\\2cb"_s << Rdns{{ava(u"cn"_s, u"a,b"_s)}} << u"cn=a\\,b"_s;
    QTest::newRow("hex-escaped plus is a value, not a second AVA")
        << u"cn=a\\2Bsn=b"_s << Rdns{{ava(u"cn"_s, u"a+sn=b"_s)}} << u"cn=a\\+sn\\=b"_s;
    QTest::newRow("UTF-8 hex escapes") << u"cn=\\C3\\A9t\\C3\\A9"_s << Rdns{{ava(u"cn"_s, u"été"_s)}}
                                       << u"cn=été"_s;
    QTest::newRow("raw UTF-8") << u"cn=Jürgen"_s << Rdns{{ava(u"cn"_s, u"Jürgen"_s)}} << u"cn=Jürgen"_s;
    QTest::newRow("escaped leading and trailing space")
        << u"cn=\\ x\\ "_s << Rdns{{ava(u"cn"_s, u" x "_s)}} << u"cn=\\ x\\ "_s;
    QTest::newRow("hex-escaped leading space") << u"cn=\\20x"_s << Rdns{{ava(u"cn"_s, u" x"_s)}} << u"cn=\\ x"_s;
    QTest::newRow("escaped leading hash") << u"cn=\\#x"_s << Rdns{{ava(u"cn"_s, u"#x"_s)}} << u"cn=\\#x"_s;
    QTest::newRow("inner hash") << u"cn=a#"_s << Rdns{{ava(u"cn"_s, u"a#"_s)}} << u"cn=a#"_s;
    QTest::newRow("unescaped equals in value") << u"cn=a=b"_s << Rdns{{ava(u"cn"_s, u"a=b"_s)}} << u"cn=a\\=b"_s;
    QTest::newRow("all escaped specials") << u"cn=\\\"\\+\\,\\;\\<\\>\\=\\\\"_s
                                          << Rdns{{ava(u"cn"_s, u"\"+,;<>=\\"_s)}}
                                          << u"cn=\\\"\\+\\,\\;\\<\\>\\=\\\\"_s;
    QTest::newRow("empty value") << u"cn=,o=x"_s << Rdns{{ava(u"cn"_s, QString())}, {ava(u"o"_s, u"x"_s)}}
                                 << u"cn=,o=x"_s;
    QTest::newRow("escaped NUL") << u"cn=a\\00b"_s << Rdns{{ava(u"cn"_s, u"a\0b"_s)}} << u"cn=a\\00b"_s;
    QTest::newRow("escaped control character") << u"cn=a\\0Ab"_s << Rdns{{ava(u"cn"_s, u"a\nb"_s)}}
                                               << u"cn=a\\0ab"_s;
    QTest::newRow("leading U+FEFF kept") << u"cn=\\EF\\BB\\BFx"_s << Rdns{{ava(u"cn"_s, u"\uFEFFx"_s)}}
                                         << u"cn=\uFEFFx"_s;
    QTest::newRow("type case kept") << u"UID=John,O=X"_s << Rdns{{ava(u"UID"_s, u"John"_s)}, {ava(u"O"_s, u"X"_s)}}
                                    << u"UID=John,O=X"_s;
    QTest::newRow("descriptor with hyphen and digit")
        << u"x-ispman-1=v"_s << Rdns{{ava(u"x-ispman-1"_s, u"v"_s)}} << u"x-ispman-1=v"_s;
    QTest::newRow("numeric OID type with string value")
        << u"2.5.4.3=John,o=x"_s << Rdns{{ava(u"2.5.4.3"_s, u"John"_s)}, {ava(u"o"_s, u"x"_s)}}
        << u"2.5.4.3=John,o=x"_s;
    QTest::newRow("numeric OID type in multi-valued RDN")
        << u"cn=a+2.5.4.4=b\\,c,0.9.2342.19200300.100.1.25=com"_s
        << Rdns{{ava(u"cn"_s, u"a"_s), ava(u"2.5.4.4"_s, u"b,c"_s)}, {ava(u"0.9.2342.19200300.100.1.25"_s, u"com"_s)}}
        << u"cn=a+2.5.4.4=b\\,c,0.9.2342.19200300.100.1.25=com"_s;
    QTest::newRow("numeric-OID-looking value is not a type")
        << u"cn=2.5.4.3\\=x"_s << Rdns{{ava(u"cn"_s, u"2.5.4.3=x"_s)}} << u"cn=2.5.4.3\\=x"_s;
    QTest::newRow("BER value") << u"cn=#04024869,o=x"_s
                               << Rdns{{ava(u"cn"_s, u"#04024869"_s, true)}, {ava(u"o"_s, u"x"_s)}}
                               << u"cn=#04024869,o=x"_s;
    QTest::newRow("BER value, upper-case hex") << u"cn=#0402486A"_s << Rdns{{ava(u"cn"_s, u"#0402486a"_s, true)}}
                                               << u"cn=#0402486a"_s;
    QTest::newRow("BER value in multi-valued RDN")
        << u"cn=#04024869+sn=x"_s << Rdns{{ava(u"cn"_s, u"#04024869"_s, true), ava(u"sn"_s, u"x"_s)}}
        << u"cn=#04024869+sn=x"_s;
    QTest::newRow("numeric OID type with BER value")
        << u"2.5.4.3=#04024869"_s << Rdns{{ava(u"2.5.4.3"_s, u"#04024869"_s, true)}} << u"2.5.4.3=#04024869"_s;
    QTest::newRow("placeholder-like descriptor taken literally")
        << u"ispmanNumericOid=x,2.5.4.3=y"_s
        << Rdns{{ava(u"ispmanNumericOid"_s, u"x"_s)}, {ava(u"2.5.4.3"_s, u"y"_s)}} << u"ispmanNumericOid=x,2.5.4.3=y"_s;
}

void TestLdapDn::parseValid()
{
    QFETCH(QString, text);
    QFETCH(Rdns, rdns);
    QFETCH(QString, string);

    QString error;
    const auto dn = LdapDn::parse(text, &error);
    QVERIFY2(dn.has_value(), qPrintable(error));
    QCOMPARE(describe(dn->rdns()), describe(rdns));
    QVERIFY(dn->rdns() == rdns);
    QCOMPARE(dn->toString(), string);

    // The written form reads back as the same structure, and is stable.
    const auto again = LdapDn::parse(dn->toString(), &error);
    QVERIFY2(again.has_value(), qPrintable(error));
    QCOMPARE(describe(again->rdns()), describe(rdns));
    QCOMPARE(again->toString(), string);
    QVERIFY(*again == *dn);
}

void TestLdapDn::parseInvalid_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("errorNames"); // what the message must mention

    const QString generic = u"not a valid DN"_s;
    QTest::newRow("empty RDN") << u"uid=a,,o=b"_s << generic;
    QTest::newRow("missing type") << u"=x"_s << generic;
    QTest::newRow("missing equals") << u"uid"_s << generic;
    QTest::newRow("trailing backslash") << u"uid=a,o=b\\"_s << generic;
    QTest::newRow("incomplete hex escape") << u"cn=a\\2"_s << generic;
    QTest::newRow("invalid escape") << u"cn=a\\zz"_s << generic;
    QTest::newRow("type starts with digit, not an OID") << u"1abc=x"_s << generic;
    QTest::newRow("type with underscore") << u"u_id=x"_s << generic;
    QTest::newRow("type with leading hyphen") << u"-uid=x"_s << generic;
    QTest::newRow("OID with leading zero") << u"01.2=#0400"_s << u"attribute type in DN: 01.2"_s;
    QTest::newRow("OID with trailing dot") << u"1.2.=x"_s << generic;
    QTest::newRow("OID with empty arc") << u"1..2=x"_s << generic;
    QTest::newRow("attribute option") << u"cn;lang-de=x"_s << generic;
    QTest::newRow("space after comma") << u"cn=a, o=b"_s << generic;
    QTest::newRow("spaces around equals") << u"cn = a"_s << generic;
    QTest::newRow("space before comma") << u"cn=a ,o=b"_s << generic;
    QTest::newRow("leading space") << u" cn=a"_s << generic;
    QTest::newRow("unescaped trailing space") << u"cn=a "_s << generic;
    QTest::newRow("whitespace only") << u"   "_s << generic;
    QTest::newRow("trailing comma") << u"cn=x,"_s << generic;
    QTest::newRow("leading comma") << u",cn=x"_s << generic;
    QTest::newRow("dangling plus") << u"cn=a+"_s << generic;
    QTest::newRow("semicolon as separator") << u"cn=a;o=b"_s << generic;
    QTest::newRow("unescaped double quote") << u"cn=a\"b"_s << generic;
    QTest::newRow("unescaped less-than") << u"cn=a<b"_s << generic;
    QTest::newRow("bare hash") << u"cn=#"_s << generic;
    QTest::newRow("BER value with odd length") << u"cn=#0402486"_s << generic;
    QTest::newRow("BER value not hex") << u"cn=#zz"_s << generic;
    QTest::newRow("BER value followed by text") << u"cn=#0402x"_s << generic;
    QTest::newRow("raw NUL") << u"cn=a\0b"_s << u"NUL"_s;
    QTest::newRow("escaped byte not UTF-8") << u"cn=\\FF"_s << u"UTF-8"_s;
    QTest::newRow("truncated UTF-8 sequence") << u"cn=\\C3,o=x"_s << u"UTF-8"_s;
    QTest::newRow("UTF-8 surrogate encoding") << u"cn=\\ED\\A0\\80"_s << u"UTF-8"_s;
}

void TestLdapDn::parseInvalid()
{
    QFETCH(QString, text);
    QFETCH(QString, errorNames);

    QString error;
    const auto dn = LdapDn::parse(text, &error);
    QVERIFY2(!dn.has_value(), qPrintable(u"accepted as "_s + (dn ? describe(dn->rdns()) : QString())));
    QVERIFY2(error.contains(errorNames), qPrintable(error));
    // Works without an error pointer too.
    QVERIFY(!LdapDn::parse(text).has_value());
}

void TestLdapDn::childRoundTrip_data()
{
    QTest::addColumn<QString>("attribute");
    QTest::addColumn<QString>("value");

    const QString uid = u"uid"_s;
    QTest::newRow("filter injection") << uid << u"*)(uid=*))(|(uid=*"_s;
    QTest::newRow("comma and equals") << uid << u"a,b=c"_s;
    QTest::newRow("plus: second AVA attempt") << uid << u"x+y=z"_s;
    QTest::newRow("DN injection") << uid << u"x,o=evil"_s;
    QTest::newRow("lone backslash") << uid << u"\\"_s;
    QTest::newRow("escape-looking text") << uid << u"\\2C\\00"_s;
    QTest::newRow("leading hash") << uid << u"#lead"_s;
    QTest::newRow("looks like a BER value") << uid << u"#04024869"_s;
    QTest::newRow("leading space") << uid << u" lead"_s;
    QTest::newRow("trailing space") << uid << u"trail "_s;
    QTest::newRow("spaces only") << uid << u"   "_s;
    QTest::newRow("all specials") << uid << u"\"+,;<>\\=#"_s;
    QTest::newRow("NUL inside") << uid << u"a\0b"_s;
    QTest::newRow("control characters") << uid << u"\u0001\t\n\r\u001f\u007f"_s;
    QTest::newRow("umlaut") << uid << u"ü"_s;
    QTest::newRow("non-BMP") << uid << u"😀"_s;
    QTest::newRow("leading U+FEFF") << uid << u"\uFEFFbom"_s;
    QTest::newRow("empty") << uid << QString();
    QTest::newRow("200 characters") << uid << QString(200, u'x');
    QString mixed;
    while (mixed.size() < 200)
        mixed += u"a,+\\ü=#\0"_s;
    QTest::newRow("200 characters of specials") << uid << mixed.left(200);
    QTest::newRow("numeric OID attribute, hostile value") << u"0.9.2342.19200300.100.1.1"_s << u"x,o=evil+cn=y"_s;
    QTest::newRow("upper-case attribute") << u"CN"_s << u"Mixed Case"_s;
}

void TestLdapDn::childRoundTrip()
{
    QFETCH(QString, attribute);
    QFETCH(QString, value);

    const LdapDn parent = mustParse(u"ou=people,o=example\\, inc,dc=com"_s);
    const LdapDn child = parent.child(attribute, value);
    const QString text = child.toString();
    QVERIFY2(text.endsWith(u',' + parent.toString()), qPrintable(text));

    QString error;
    const auto back = LdapDn::parse(text, &error);
    QVERIFY2(back.has_value(), qPrintable(text + u": "_s + error));
    QCOMPARE(back->depth(), parent.depth() + 1);
    QCOMPARE(back->rdn().size(), 1);
    QCOMPARE(back->rdnAttribute(), attribute);
    QCOMPARE(visible(back->rdnValue()), visible(value));
    QCOMPARE(back->rdnValue().toUtf8(), value.toUtf8()); // byte-identical
    QVERIFY(!back->rdn().first().hexString);
    QCOMPARE(back->parent().toString(), parent.toString());
    QVERIFY(back->parent() == parent);
    QVERIFY(back->isDescendantOf(parent));
    QVERIFY(*back == child);
    QCOMPARE(qHash(*back), qHash(child));
    QCOMPARE(back->toString(), text);

    // The same value in both AVAs of a multi-valued RDN stays two AVAs.
    const LdapDn multi = parent.child(LdapRdn{{u"cn"_s, value}, {attribute, value}});
    const auto multiBack = LdapDn::parse(multi.toString(), &error);
    QVERIFY2(multiBack.has_value(), qPrintable(multi.toString() + u": "_s + error));
    QCOMPARE(multiBack->depth(), parent.depth() + 1);
    QCOMPARE(multiBack->rdn().size(), 2);
    QCOMPARE(multiBack->rdn().at(0).value.toUtf8(), value.toUtf8());
    QCOMPARE(multiBack->rdn().at(1).value.toUtf8(), value.toUtf8());
    QCOMPARE(multiBack->rdn().at(1).type, attribute);
}

void TestLdapDn::constructedHexString_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("string");
    QTest::addColumn<bool>("readsBackAsHex");

    QTest::newRow("well-formed hex written as is") << u"#04024869"_s << u"cn=#04024869,o=x"_s << true;
    QTest::newRow("injection in a hex-flagged value is escaped")
        << u"#zz,o=evil"_s << u"cn=\\#zz\\,o\\=evil,o=x"_s << false;
    QTest::newRow("odd hex digit count is escaped") << u"#040"_s << u"cn=\\#040,o=x"_s << false;
    QTest::newRow("hash alone is escaped") << u"#"_s << u"cn=\\#,o=x"_s << false;
    QTest::newRow("missing hash is escaped") << u"0402"_s << u"cn=0402,o=x"_s << false;
}

void TestLdapDn::constructedHexString()
{
    QFETCH(QString, value);
    QFETCH(QString, string);
    QFETCH(bool, readsBackAsHex);

    // A caller-built AVA flagged as hex string can never inject: malformed ones are escaped.
    const LdapDn dn = mustParse(u"o=x"_s).child(LdapRdn{LdapAva{u"cn"_s, value, true}});
    QCOMPARE(dn.toString(), string);
    const auto back = LdapDn::parse(dn.toString());
    QVERIFY(back.has_value());
    QCOMPARE(back->depth(), 2);
    QCOMPARE(back->rdnValue(), value);
    QCOMPARE(back->rdn().first().hexString, readsBackAsHex);
}

void TestLdapDn::equality_data()
{
    QTest::addColumn<QString>("a");
    QTest::addColumn<QString>("b");
    QTest::addColumn<bool>("equal");

    QTest::newRow("identical") << u"uid=john,o=x"_s << u"uid=john,o=x"_s << true;
    QTest::newRow("type and value case ignored") << u"UID=John,O=X"_s << u"uid=john,o=x"_s << true;
    QTest::newRow("non-ASCII case ignored") << u"cn=ÉTÉ"_s << u"cn=été"_s << true;
    QTest::newRow("escaping style ignored") << u"cn=a\\2Cb"_s << u"cn=a\\,b"_s << true;
    QTest::newRow("hex UTF-8 equals raw UTF-8") << u"cn=\\C3\\A9"_s << u"cn=é"_s << true;
    QTest::newRow("multi-valued RDN order ignored") << u"cn=a+sn=b,o=x"_s << u"sn=b+cn=a,o=x"_s << true;
    QTest::newRow("multi-valued RDN order and case") << u"CN=A+sn=b"_s << u"SN=B+cn=a"_s << true;
    QTest::newRow("BER hex case ignored") << u"cn=#0402486A"_s << u"cn=#0402486a"_s << true;
    QTest::newRow("empty DNs") << QString() << QString() << true;
    QTest::newRow("different value") << u"uid=john,o=x"_s << u"uid=jane,o=x"_s << false;
    QTest::newRow("different type") << u"uid=john"_s << u"cn=john"_s << false;
    QTest::newRow("different depth") << u"uid=john,o=x"_s << u"uid=john"_s << false;
    QTest::newRow("RDN order matters") << u"uid=a,o=b"_s << u"o=b,uid=a"_s << false;
    QTest::newRow("multi-valued RDN is not two RDNs") << u"cn=a+sn=b"_s << u"cn=a,sn=b"_s << false;
    QTest::newRow("escaped plus is not a second AVA") << u"cn=a\\+sn=b"_s << u"cn=a+sn=b"_s << false;
    QTest::newRow("escaped comma is not a separator") << u"cn=a\\,o=b"_s << u"cn=a,o=b"_s << false;
    QTest::newRow("BER value is not the literal text") << u"cn=#04024869"_s << u"cn=\\#04024869"_s << false;
    QTest::newRow("trailing space is significant") << u"cn=a\\ "_s << u"cn=a"_s << false;
    QTest::newRow("empty vs non-empty") << QString() << u"o=x"_s << false;
    QTest::newRow("extra AVA in RDN") << u"cn=a+sn=b"_s << u"cn=a"_s << false;
}

void TestLdapDn::equality()
{
    QFETCH(QString, a);
    QFETCH(QString, b);
    QFETCH(bool, equal);

    const LdapDn x = mustParse(a);
    const LdapDn y = mustParse(b);
    QCOMPARE(x == y, equal);
    QCOMPARE(y == x, equal);
    QCOMPARE(x != y, !equal);
    QCOMPARE(x.normalized() == y.normalized(), equal);
    if (equal) {
        QCOMPARE(qHash(x), qHash(y));
        QCOMPARE(qHash(x, 42), qHash(y, 42));
    }
    QCOMPARE(QSet<LdapDn>({x, y}).size(), equal ? 1 : 2);
}

void TestLdapDn::normalized_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("normalized");

    QTest::newRow("lower-cased") << u"UID=John,O=Example"_s << u"uid=john,o=example"_s;
    QTest::newRow("multi-valued RDN sorted") << u"sn=B+cn=A,o=x"_s << u"cn=a+sn=b,o=x"_s;
    QTest::newRow("minimal escaping") << u"cn=a\\2Cb"_s << u"cn=a\\,b"_s;
    QTest::newRow("hex escape of plain letter undone") << u"cn=\\61"_s << u"cn=a"_s;
    QTest::newRow("BER value lower-case hex, unescaped") << u"cn=#0402486A"_s << u"cn=#0402486a"_s;
    QTest::newRow("literal hash escaped") << u"cn=\\#X"_s << u"cn=\\#x"_s;
    QTest::newRow("empty") << QString() << QString();
}

void TestLdapDn::normalized()
{
    QFETCH(QString, text);
    QFETCH(QString, normalized);
    QCOMPARE(mustParse(text).normalized(), normalized);
}

void TestLdapDn::navigation_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qsizetype>("depth");
    QTest::addColumn<QString>("rdnAttribute");
    QTest::addColumn<QString>("rdnValue");
    QTest::addColumn<qsizetype>("rdnSize");
    QTest::addColumn<QString>("parent");

    QTest::newRow("three levels") << u"uid=john,ou=people,o=x"_s << qsizetype(3) << u"uid"_s << u"john"_s
                                  << qsizetype(1) << u"ou=people,o=x"_s;
    QTest::newRow("single RDN") << u"o=x"_s << qsizetype(1) << u"o"_s << u"x"_s << qsizetype(1) << QString();
    QTest::newRow("multi-valued RDN: first AVA") << u"cn=a+sn=b,o=x"_s << qsizetype(2) << u"cn"_s << u"a"_s
                                                 << qsizetype(2) << u"o=x"_s;
    QTest::newRow("escaped value unescaped") << u"cn=a\\,b,o=x\\+y"_s << qsizetype(2) << u"cn"_s << u"a,b"_s
                                             << qsizetype(1) << u"o=x\\+y"_s;
    QTest::newRow("type case kept") << u"UID=John,O=X"_s << qsizetype(2) << u"UID"_s << u"John"_s << qsizetype(1)
                                    << u"O=X"_s;
    QTest::newRow("empty DN") << QString() << qsizetype(0) << QString() << QString() << qsizetype(0) << QString();
}

void TestLdapDn::navigation()
{
    QFETCH(QString, text);
    QFETCH(qsizetype, depth);
    QFETCH(QString, rdnAttribute);
    QFETCH(QString, rdnValue);
    QFETCH(qsizetype, rdnSize);
    QFETCH(QString, parent);

    const LdapDn dn = mustParse(text);
    QCOMPARE(dn.depth(), depth);
    QCOMPARE(dn.isEmpty(), depth == 0);
    QCOMPARE(dn.rdnAttribute(), rdnAttribute);
    QCOMPARE(dn.rdnValue(), rdnValue);
    QCOMPARE(dn.rdn().size(), rdnSize);
    QCOMPARE(dn.parent().toString(), parent);
    QCOMPARE(dn.parent().depth(), std::max<qsizetype>(depth - 1, 0));
    if (depth > 0) {
        // parent + rdn puts the DN back together.
        QVERIFY(dn.parent().child(dn.rdn()) == dn);
        QCOMPARE(dn.parent().child(dn.rdn()).toString(), dn.toString());
    }
}

void TestLdapDn::isDescendantOf_data()
{
    QTest::addColumn<QString>("dn");
    QTest::addColumn<QString>("ancestor");
    QTest::addColumn<bool>("descendant");

    QTest::newRow("child") << u"uid=a,o=x"_s << u"o=x"_s << true;
    QTest::newRow("grandchild") << u"uid=a,ou=p,o=x"_s << u"o=x"_s << true;
    QTest::newRow("case-insensitive") << u"uid=a,OU=P,O=X"_s << u"ou=p,o=x"_s << true;
    QTest::newRow("multi-valued ancestor in other order") << u"uid=a,cn=b+sn=c,o=x"_s << u"sn=c+cn=b,o=x"_s
                                                          << true;
    QTest::newRow("everything is below the root") << u"o=x"_s << QString() << true;
    QTest::newRow("not strictly below itself") << u"ou=p,o=x"_s << u"ou=p,o=x"_s << false;
    QTest::newRow("root is not below root") << QString() << QString() << false;
    QTest::newRow("ancestor is deeper") << u"o=x"_s << u"uid=a,o=x"_s << false;
    QTest::newRow("sibling subtree") << u"uid=a,o=y"_s << u"o=x"_s << false;
    QTest::newRow("string suffix but not an RDN suffix") << u"cn=a,o=ex"_s << u"o=x"_s << false;
    QTest::newRow("escaped comma is not a boundary") << u"cn=a\\,o=x"_s << u"o=x"_s << false;
    QTest::newRow("escaped comma inside deeper DN") << u"cn=b,cn=a\\,o=x"_s << u"o=x"_s << false;
    QTest::newRow("partial multi-valued RDN") << u"uid=a,cn=b+sn=c,o=x"_s << u"cn=b,o=x"_s << false;
}

void TestLdapDn::isDescendantOf()
{
    QFETCH(QString, dn);
    QFETCH(QString, ancestor);
    QFETCH(bool, descendant);
    QCOMPARE(mustParse(dn).isDescendantOf(mustParse(ancestor)), descendant);
}

void TestLdapDn::rebased_data()
{
    QTest::addColumn<QString>("dn");
    QTest::addColumn<QString>("oldBase");
    QTest::addColumn<QString>("newBase");
    QTest::addColumn<QString>("result");

    QTest::newRow("entry below the base") << u"uid=a,ou=old,o=x"_s << u"ou=old,o=x"_s << u"ou=new,o=y"_s
                                          << u"uid=a,ou=new,o=y"_s;
    QTest::newRow("deeper entry keeps its path")
        << u"uid=a,ou=p,ou=old,o=x"_s << u"ou=old,o=x"_s << u"ou=new,o=y"_s << u"uid=a,ou=p,ou=new,o=y"_s;
    QTest::newRow("the base itself") << u"ou=old,o=x"_s << u"ou=old,o=x"_s << u"ou=new,o=y"_s << u"ou=new,o=y"_s;
    QTest::newRow("base matched case-insensitively, RDNs below kept as written")
        << u"UID=A,OU=Old,o=x"_s << u"ou=old,o=x"_s << u"ou=new,o=y"_s << u"UID=A,ou=new,o=y"_s;
    QTest::newRow("new base deeper") << u"uid=a,o=x"_s << u"o=x"_s << u"ou=deep,ou=er,o=y"_s
                                     << u"uid=a,ou=deep,ou=er,o=y"_s;
    QTest::newRow("new base is the root") << u"uid=a,o=x"_s << u"o=x"_s << QString() << u"uid=a"_s;
    QTest::newRow("outside the old base: unchanged")
        << u"uid=a,ou=other,o=x"_s << u"ou=old,o=x"_s << u"ou=new,o=y"_s << u"uid=a,ou=other,o=x"_s;
    QTest::newRow("above the old base: unchanged") << u"o=x"_s << u"ou=old,o=x"_s << u"ou=new,o=y"_s << u"o=x"_s;
    QTest::newRow("escaped value kept") << u"cn=a\\,b,ou=old"_s << u"ou=old"_s << u"ou=new"_s
                                        << u"cn=a\\,b,ou=new"_s;
}

void TestLdapDn::rebased()
{
    QFETCH(QString, dn);
    QFETCH(QString, oldBase);
    QFETCH(QString, newBase);
    QFETCH(QString, result);
    QCOMPARE(mustParse(dn).rebased(mustParse(oldBase), mustParse(newBase)).toString(), result);
}

void TestLdapDn::emptyDn()
{
    const LdapDn empty;
    QVERIFY(empty.isEmpty());
    QCOMPARE(empty.depth(), 0);
    QCOMPARE(empty.toString(), QString());
    QCOMPARE(empty.normalized(), QString());
    QVERIFY(empty.rdn().isEmpty());
    QCOMPARE(empty.rdnAttribute(), QString());
    QCOMPARE(empty.rdnValue(), QString());
    QVERIFY(empty.parent().isEmpty());
    QVERIFY(empty.rebased(mustParse(u"o=x"_s), mustParse(u"o=y"_s)).isEmpty());

    const auto parsed = LdapDn::parse(QString());
    QVERIFY(parsed.has_value());
    QVERIFY(parsed->isEmpty());
    QVERIFY(*parsed == empty);
    QCOMPARE(qHash(*parsed), qHash(empty));
    QVERIFY(!(empty == mustParse(u"o=x"_s)));

    const LdapDn child = empty.child(u"o"_s, u"x"_s);
    QCOMPARE(child.depth(), 1);
    QCOMPARE(child.toString(), u"o=x"_s);
    QVERIFY(child.parent() == empty);
    QVERIFY(child.isDescendantOf(empty));
}

QTEST_GUILESS_MAIN(TestLdapDn)
#include "tst_ldapdn.moc"

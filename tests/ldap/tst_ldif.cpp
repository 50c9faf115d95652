// Ldif: RFC 2849 reading (content and "changetype: add" records, folding, comments, base64,
// options, multiple values), writing (SAFE-STRING rule, folding at 76 columns, objectClass
// first), round trips, and refusals of hostile or unsupported input with line and rule.
#include "core/ldap/ldif.h"

#include <QTest>

using namespace Isp::Core;
using namespace Qt::StringLiterals;

namespace {

using Values = QList<QByteArray>;

LdapDn dn(const QString &text)
{
    const auto parsed = LdapDn::parse(text);
    if (!parsed)
        qFatal("test DN does not parse: %s", qPrintable(text));
    return *parsed;
}

QByteArray allBytes()
{
    QByteArray out;
    for (int i = 0; i < 256; ++i)
        out += char(i);
    return out;
}

} // namespace

class TestLdif : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parseContent();
    void parseForms_data();
    void parseForms();
    void lineNumbers();
    void refusals_data();
    void refusals();
    void limits_data();
    void limits();
    void safeString_data();
    void safeString();
    void writeOrderAndForm();
    void folding_data();
    void folding();
    void roundTrip_data();
    void roundTrip();
};

void TestLdif::parseContent()
{
    const QByteArray text = "# an export\n"
                            "version: 1\n"
                            "\n"
                            "dn: ou=people,o=x\n"
                            "objectClass: top\n"
                            "objectClass: organizationalUnit\n"
                            "ou: people\n"
                            "\n"
                            "\n"
                            "# a comment that is\n"
                            "  folded over two lines\n"
                            "dn: uid=john,ou=people,o=x\n"
                            "changetype: add\n"
                            "objectClass: inetOrgPerson\n"
                            "cn: John\n"
                            "  Doe\n"
                            "cn;lang-de:: SsO2aG4=\n"
                            "sn: Doe\n"
                            "mail: john@x.org\n"
                            "cn: Johnny\n"
                            "description:\n";
    const auto r = Ldif::parse(text);
    QVERIFY2(r.ok(), qPrintable(r.error().toString()));
    QCOMPARE(r->size(), 2);
    const LdapEntry &ou = r->at(0);
    QCOMPARE(ou.dn(), dn(u"ou=people,o=x"_s));
    QCOMPARE(ou.values(u"objectClass"_s), (Values { "top", "organizationalUnit" }));
    const LdapEntry &john = r->at(1);
    QCOMPARE(john.dn(), dn(u"uid=john,ou=people,o=x"_s));
    QVERIFY(!john.hasAttribute(u"changetype"_s));
    QCOMPARE(john.values(u"cn"_s), (Values { "John Doe", "Johnny" }));
    QCOMPARE(john.texts(u"cn;lang-de"_s), QStringList { u"Jöhn"_s });
    QCOMPARE(john.values(u"description"_s), (Values { QByteArray() }));
    QCOMPARE(john.attributeNames(),
        (QStringList { u"objectClass"_s, u"cn"_s, u"cn;lang-de"_s, u"sn"_s, u"mail"_s, u"description"_s }));
}

void TestLdif::parseForms_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("dn");
    QTest::addColumn<QString>("attribute");
    QTest::addColumn<Values>("values");

    QTest::newRow("crlf line ends") << "dn: cn=a,o=x\r\ncn: a\r\n\r\n"_ba << u"cn=a,o=x"_s << u"cn"_s << Values { "a" };
    QTest::newRow("no final newline") << "dn: cn=a,o=x\ncn: a"_ba << u"cn=a,o=x"_s << u"cn"_s << Values { "a" };
    QTest::newRow("version directly followed by dn")
        << "version: 1\ndn: cn=a,o=x\ncn: a\n"_ba << u"cn=a,o=x"_s << u"cn"_s << Values { "a" };
    QTest::newRow("several spaces after the colon")
        << "dn:    cn=a,o=x\ncn:   a b\n"_ba << u"cn=a,o=x"_s << u"cn"_s << Values { "a b" };
    QTest::newRow("no space after the colon") << "dn:cn=a,o=x\ncn:a\n"_ba << u"cn=a,o=x"_s << u"cn"_s << Values { "a" };
    QTest::newRow("base64 dn") << "dn:: Y249w6Qsbz14\ncn:: w6Q=\n"_ba << u"cn=ä,o=x"_s << u"cn"_s
                               << Values { "\xc3\xa4" };
    QTest::newRow("folded base64") << "dn: cn=a,o=x\nuserCertificate;binary:: AAEC\n A/8=\n"_ba << u"cn=a,o=x"_s
                                   << u"userCertificate;binary"_s << Values { QByteArray("\x00\x01\x02\x03\xff", 5) };
    QTest::newRow("folded dn") << "dn: cn=a,\n o=x\ncn: a\n"_ba << u"cn=a,o=x"_s << u"cn"_s << Values { "a" };
    QTest::newRow("fold inside a word") << "dn: cn=a,o=x\ndescription: abc\n def\n"_ba << u"cn=a,o=x"_s
                                        << u"description"_s << Values { "abcdef" };
    QTest::newRow("LDAPv2 spaces after commas")
        << "dn: ispmanDomain=example.com, o=ispman, dc=example\ncn: a\n"_ba
        << u"ispmanDomain=example.com,o=ispman,dc=example"_s << u"cn"_s << Values { "a" };
    QTest::newRow("escaped comma in dn") << "dn: cn=a\\, b,o=x\ncn: a, b\n"_ba << u"cn=a\\, b,o=x"_s << u"cn"_s
                                         << Values { "a, b" };
    QTest::newRow("plain UTF-8 value (lenient)")
        << "dn: cn=a,o=x\ncn: Jöhn\n"_ba << u"cn=a,o=x"_s << u"cn"_s << Values { "J\xc3\xb6hn" };
    QTest::newRow("trailing space kept") << "dn: cn=a,o=x\ncn: a \n"_ba << u"cn=a,o=x"_s << u"cn"_s << Values { "a " };
    QTest::newRow("numeric oid attribute")
        << "dn: cn=a,o=x\n2.5.4.3: a\n"_ba << u"cn=a,o=x"_s << u"2.5.4.3"_s << Values { "a" };
    QTest::newRow("changetype add any case")
        << "dn: cn=a,o=x\nchangeType: ADD\ncn: a\n"_ba << u"cn=a,o=x"_s << u"cn"_s << Values { "a" };
    QTest::newRow("comment between attributes")
        << "dn: cn=a,o=x\n# note\ncn: a\n#x\n y\ncn: b\n"_ba << u"cn=a,o=x"_s << u"cn"_s << Values { "a", "b" };
}

void TestLdif::parseForms()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, dn);
    QFETCH(QString, attribute);
    QFETCH(Values, values);
    const auto r = Ldif::parse(text);
    QVERIFY2(r.ok(), qPrintable(r.error().toString()));
    QCOMPARE(r->size(), 1);
    QCOMPARE(r->first().dn(), ::dn(dn));
    QCOMPARE(r->first().values(attribute), values);
}

void TestLdif::lineNumbers()
{
    const QByteArray text = "version: 1\n\n# c\ndn: cn=a,o=x\ncn: a\n\ndn: cn=b,\n o=x\ncn: b\n";
    const auto r = Ldif::parseRecords(text);
    QVERIFY2(r.ok(), qPrintable(r.error().toString()));
    QCOMPARE(r->size(), 2);
    QCOMPARE(r->at(0).line, 4);
    QCOMPARE(r->at(1).line, 7);
}

void TestLdif::refusals_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<qsizetype>("line");
    QTest::addColumn<QString>("rule");

    QTest::newRow("url value") << "dn: cn=a,o=x\njpegPhoto:< file:///etc/shadow\n"_ba << qsizetype(2) << u"url-value"_s;
    QTest::newRow("changetype modify")
        << "dn: cn=a,o=x\ncn: a\n\ndn: cn=b,o=x\nchangetype: modify\nreplace: cn\ncn: b\n"_ba << qsizetype(5)
        << u"changetype-unsupported"_s;
    QTest::newRow("changetype delete") << "dn: cn=a,o=x\nchangetype: delete\n"_ba << qsizetype(2)
                                       << u"changetype-unsupported"_s;
    QTest::newRow("changetype modrdn") << "dn: cn=a,o=x\nchangetype: modrdn\nnewrdn: cn=b\n"_ba << qsizetype(2)
                                       << u"changetype-unsupported"_s;
    QTest::newRow("control") << "dn: cn=a,o=x\ncontrol: 1.2.840.113556.1.4.805 true\nchangetype: delete\n"_ba
                             << qsizetype(2) << u"control-unsupported"_s;
    QTest::newRow("version 2") << "version: 2\n\ndn: cn=a,o=x\ncn: a\n"_ba << qsizetype(1) << u"version-unsupported"_s;
    QTest::newRow("attribute before dn") << "cn: a\ndn: cn=a,o=x\n"_ba << qsizetype(1) << u"dn-expected"_s;
    QTest::newRow("second dn without blank line")
        << "dn: cn=a,o=x\ncn: a\ndn: cn=b,o=x\ncn: b\n"_ba << qsizetype(3) << u"dn-repeated"_s;
    QTest::newRow("dn without attributes")
        << "dn: cn=a,o=x\n\ndn: cn=b,o=x\ncn: b\n"_ba << qsizetype(1) << u"record-without-attributes"_s;
    QTest::newRow("dn without attributes at end")
        << "dn: cn=a,o=x\ncn: a\n\ndn: cn=b,o=x\n"_ba << qsizetype(4) << u"record-without-attributes"_s;
    QTest::newRow("continuation first") << " cn: a\n"_ba << qsizetype(1) << u"continuation-without-line"_s;
    QTest::newRow("continuation after blank")
        << "dn: cn=a,o=x\ncn: a\n\n b\n"_ba << qsizetype(4) << u"continuation-without-line"_s;
    QTest::newRow("missing colon") << "dn: cn=a,o=x\ncn a\n"_ba << qsizetype(2) << u"missing-colon"_s;
    QTest::newRow("empty attribute name") << "dn: cn=a,o=x\n: a\n"_ba << qsizetype(2) << u"missing-colon"_s;
    QTest::newRow("bad attribute name") << "dn: cn=a,o=x\nc n: a\n"_ba << qsizetype(2) << u"attribute-invalid"_s;
    QTest::newRow("bad option") << "dn: cn=a,o=x\ncn;: a\n"_ba << qsizetype(2) << u"attribute-invalid"_s;
    QTest::newRow("bad base64") << "dn: cn=a,o=x\ncn:: !!!!\n"_ba << qsizetype(2) << u"base64-invalid"_s;
    QTest::newRow("bad base64 padding") << "dn: cn=a,o=x\ncn:: YQ=a\n"_ba << qsizetype(2) << u"base64-invalid"_s;
    QTest::newRow("plain value starting with colon")
        << "dn: cn=a,o=x\ncn: :a\n"_ba << qsizetype(2) << u"value-unsafe"_s;
    QTest::newRow("plain value with NUL")
        << QByteArray("dn: cn=a,o=x\ncn: a\0b\n", 21) << qsizetype(2) << u"value-unsafe"_s;
    QTest::newRow("plain value with bare CR") << "dn: cn=a,o=x\ncn: a\rb\n"_ba << qsizetype(2) << u"value-unsafe"_s;
    QTest::newRow("plain value not UTF-8") << "dn: cn=a,o=x\ncn: \xff\xfe\n"_ba << qsizetype(2) << u"value-not-utf8"_s;
    QTest::newRow("dn not UTF-8 (plain)") << "dn: cn=\xc3,o=x\ncn: a\n"_ba << qsizetype(1) << u"dn-not-utf8"_s;
    QTest::newRow("dn not UTF-8 (base64)") << "dn:: Y249/yxvPXg=\ncn: a\n"_ba << qsizetype(1) << u"dn-not-utf8"_s;
    QTest::newRow("overlong UTF-8 in dn") << "dn:: Y249wK8sbz14\ncn: a\n"_ba << qsizetype(1) << u"dn-not-utf8"_s;
    QTest::newRow("dn not a DN") << "dn: this is not a dn\ncn: a\n"_ba << qsizetype(1) << u"dn-invalid"_s;
    QTest::newRow("dn with injected record")
        << "dn:: Y249YQpkbjogY249Yg==\ncn: a\n"_ba << qsizetype(1) << u"dn-control-character"_s;
    QTest::newRow("dn with tab") << "dn: cn=a\tb,o=x\ncn: a\n"_ba << qsizetype(1) << u"dn-control-character"_s;
    QTest::newRow("empty dn") << "dn:\ncn: a\n"_ba << qsizetype(1) << u"dn-empty"_s;
    QTest::newRow("duplicate value") << "dn: cn=a,o=x\ncn: a\nCN: a\n"_ba << qsizetype(3) << u"duplicate-value"_s;
}

void TestLdif::refusals()
{
    QFETCH(QByteArray, text);
    QFETCH(qsizetype, line);
    QFETCH(QString, rule);
    const auto r = Ldif::parse(text);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().rule, rule);
    QCOMPARE(r.error().line, line);
    QVERIFY(r.error().toString().startsWith(u"line %1: "_s.arg(line)));
    QVERIFY(!r.error().message.isEmpty());
}

void TestLdif::limits_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("rule");

    QByteArray many;
    for (int i = 0; i < 11; ++i)
        many += "dn: cn=e" + QByteArray::number(i) + ",o=x\ncn: x\n\n";
    QByteArray values = "dn: cn=a,o=x\n";
    for (int i = 0; i < 11; ++i)
        values += "cn: v" + QByteArray::number(i) + "\n";
    QByteArray longFolded = "dn: cn=a,o=x\ndescription: x\n";
    for (int i = 0; i < 20; ++i)
        longFolded += " xxxxxxxxxx\n";

    QTest::newRow("input") << QByteArray(2000, '#') << u"input-too-large"_s;
    QTest::newRow("entries") << many << u"too-many-entries"_s;
    QTest::newRow("values per entry") << values << u"entry-too-large"_s;
    QTest::newRow("dn") << "dn: cn=" + QByteArray(120, 'a') + ",o=x\ncn: a\n" << u"dn-too-long"_s;
    QTest::newRow("physical line") << "dn: cn=a,o=x\ndescription: " + QByteArray(200, 'a') + "\n" << u"line-too-long"_s;
    QTest::newRow("folded line") << longFolded << u"line-too-long"_s;
}

void TestLdif::limits()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, rule);
    LdifLimits limits;
    limits.maxInputBytes = 1000;
    limits.maxEntries = 10;
    limits.maxValuesPerEntry = 10;
    limits.maxDnBytes = 100;
    limits.maxLineBytes = 150;
    const auto r = Ldif::parse(text, limits);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().rule, rule);
}

void TestLdif::safeString_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<bool>("safe");

    QTest::newRow("empty") << QByteArray() << true;
    QTest::newRow("plain") << "hello world"_ba << true;
    QTest::newRow("inner colon and <") << "a:b<c"_ba << true;
    QTest::newRow("all printable ASCII") << QByteArray("!\"#$%&'()*+,-./0123456789;=>?@AZ[\\]^_`az{|}~") << true;
    QTest::newRow("tab and DEL") << "a\tb\x7f"_ba << true;
    QTest::newRow("leading space") << " a"_ba << false;
    QTest::newRow("leading colon") << ":a"_ba << false;
    QTest::newRow("leading <") << "<a"_ba << false;
    QTest::newRow("trailing space") << "a "_ba << false;
    QTest::newRow("only a space") << " "_ba << false;
    QTest::newRow("NUL") << QByteArray("a\0b", 3) << false;
    QTest::newRow("CR") << "a\rb"_ba << false;
    QTest::newRow("LF") << "a\nb"_ba << false;
    QTest::newRow("non-ASCII") << "J\xc3\xb6hn"_ba << false;
    QTest::newRow("high byte") << "\xff"_ba << false;
}

void TestLdif::safeString()
{
    QFETCH(QByteArray, value);
    QFETCH(bool, safe);
    QCOMPARE(Ldif::isSafeString(value), safe);
    LdapEntry e(dn(u"cn=a,o=x"_s));
    e.setValue(u"description"_s, value);
    const QByteArray written = Ldif::writeEntry(e);
    const QByteArray line = written.split('\n').at(1);
    if (value.isEmpty())
        QCOMPARE(line, "description:"_ba);
    else if (safe)
        QCOMPARE(line, "description: " + value);
    else
        QCOMPARE(line, "description:: " + value.toBase64());
}

void TestLdif::writeOrderAndForm()
{
    LdapEntry e(dn(u"uid=j\u00f6rg,ou=people,o=x"_s));
    e.setText(u"uid"_s, u"j\u00f6rg"_s);
    e.setValues(u"mail"_s, { "a@x.org", "b@x.org" });
    e.setValues(u"objectClass"_s, { "top", "inetOrgPerson" });
    e.setText(u"cn"_s, u"J"_s);
    const QByteArray expected = "dn:: " + "uid=j\xc3\xb6rg,ou=people,o=x"_ba.toBase64()
        + "\n"
          "objectClass: top\n"
          "objectClass: inetOrgPerson\n"
          "uid:: "
        + "j\xc3\xb6rg"_ba.toBase64()
        + "\n"
          "mail: a@x.org\n"
          "mail: b@x.org\n"
          "cn: J\n";
    QCOMPARE(Ldif::writeEntry(e), expected);
    QCOMPARE(Ldif::write({ e, e }), "version: 1\n\n" + expected + "\n" + expected + "\n");
    QCOMPARE(Ldif::write({}), "version: 1\n\n"_ba);
}

void TestLdif::folding_data()
{
    QTest::addColumn<QByteArray>("value");
    for (int n : { 60, 62, 63, 64, 65, 138, 139, 140, 1000 })
        QTest::newRow(qPrintable(u"plain %1"_s.arg(n))) << QByteArray(n, 'v');
    QTest::newRow("base64 long") << allBytes().repeated(3);
}

void TestLdif::folding()
{
    QFETCH(QByteArray, value);
    LdapEntry e(dn(u"cn=a,o=x"_s));
    e.setValue(u"description"_s, value);
    e.setText(u"cn"_s, u"a"_s);
    const QByteArray written = Ldif::writeEntry(e);
    const QList<QByteArray> lines = written.chopped(1).split('\n');
    for (const QByteArray &l : lines)
        QVERIFY2(l.size() <= 76, l.constData());
    // The first line of a folded value is full, continuations are " " + 75.
    const QByteArray first
        = (Ldif::isSafeString(value) ? "description: " + value : "description:: " + value.toBase64());
    if (first.size() > 76) {
        QCOMPARE(lines.at(1).size(), 76);
        QVERIFY(lines.at(2).startsWith(' '));
    }
    const auto back = Ldif::parse(written);
    QVERIFY2(back.ok(), qPrintable(back.error().toString()));
    QCOMPARE(back->size(), 1);
    QCOMPARE(back->first(), e);
}

void TestLdif::roundTrip_data()
{
    QTest::addColumn<QList<LdapEntry>>("entries");

    LdapEntry plain(dn(u"cn=plain,o=x"_s));
    plain.setValues(u"objectClass"_s, { "top", "device" });
    plain.setText(u"cn"_s, u"plain"_s);
    QTest::newRow("plain") << QList<LdapEntry> { plain };

    LdapEntry edge(dn(u"cn=\\ lead\\,comma+sn=x\\ ,o=x"_s));
    edge.setValues(u"objectClass"_s, { "top" });
    edge.setValues(u"description"_s,
        { " leading space", ":colon", "<less", "trailing ", QByteArray("nul\0in", 6), "cr\rlf\n", "\xc3\xa4\xc3\xb6",
            "", "# not a comment", "-" });
    edge.setValue(u"jpegPhoto;binary"_s, allBytes());
    edge.setText(u"cn;lang-de"_s, u"\u00c4rger"_s);
    QTest::newRow("edge values") << QList<LdapEntry> { edge };

    LdapEntry bom(dn(u"cn=bom,o=x"_s));
    bom.setValue(u"description"_s,
        "\xef\xbb\xbf"
        "bom");
    QTest::newRow("byte order mark kept") << QList<LdapEntry> { bom };

    LdapEntry unicodeDn(dn(u"ispmanDomain=b\u00fccher.example,o=ispman"_s));
    unicodeDn.setValues(u"objectClass"_s, { "ispmanBranch", "ispmanDomain" });
    unicodeDn.setText(u"ispmanDomain"_s, u"b\u00fccher.example"_s);
    QTest::newRow("unicode dn") << QList<LdapEntry> { unicodeDn, plain };

    QList<LdapEntry> many;
    for (int i = 0; i < 50; ++i) {
        LdapEntry e(dn(u"cn=e%1,o=x"_s.arg(i)));
        e.setText(u"cn"_s, u"e%1"_s.arg(i));
        e.setValue(u"description"_s, QByteArray(i * 7, char('a' + i % 26)));
        many << e;
    }
    QTest::newRow("many") << many;
}

void TestLdif::roundTrip()
{
    QFETCH(QList<LdapEntry>, entries);
    const QByteArray text = Ldif::write(entries);
    const auto back = Ldif::parse(text);
    QVERIFY2(back.ok(), qPrintable(back.error().toString()));
    QCOMPARE(back->size(), entries.size());
    for (qsizetype i = 0; i < entries.size(); ++i) {
        QCOMPARE(back->at(i).dn(), entries.at(i).dn());
        QCOMPARE(back->at(i).dn().toString(), entries.at(i).dn().toString());
        for (const LdapAttribute &a : entries.at(i).attributes())
            QCOMPARE(back->at(i).values(a.name), a.values);
        QCOMPARE(back->at(i).attributes().size(), entries.at(i).attributes().size());
    }
    // Writing what was read gives the same bytes: the output is deterministic.
    QCOMPARE(Ldif::write(back.value()), text);
}

QTEST_GUILESS_MAIN(TestLdif)
#include "tst_ldif.moc"

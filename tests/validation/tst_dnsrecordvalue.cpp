// DNS record names and values: owner names relative to the zone (apex, wildcards, service labels,
// no CNAME at the apex), targets, TTL, MX, SRV, TXT (quoting, 255-byte character-strings, the
// 4000-byte cap) and CAA, plus the record type names. Values come back in the normalised text
// that is safe to place in a zone file.
#include "core/validation/dnsrecordvalue.h"
#include "validationtest.h"

#include <QTest>

using namespace Isp::Core;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(Isp::Core::DnsRecordType)

namespace {

const QString Zone = u"example.com"_s;

QString label(QChar c, qsizetype n)
{
    return QString(n, c);
}

} // namespace

class TestDnsRecordValue : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void typeNames();
    void ownerValid_data();
    void ownerValid();
    void ownerInvalid_data();
    void ownerInvalid();
    void targetValid_data();
    void targetValid();
    void targetInvalid_data();
    void targetInvalid();
    void ttl_data();
    void ttl();
    void mx_data();
    void mx();
    void srv_data();
    void srv();
    void txtValid_data();
    void txtValid();
    void txtInvalid_data();
    void txtInvalid();
    void caaValid_data();
    void caaValid();
    void caaInvalid_data();
    void caaInvalid();
    void recordValue_data();
    void recordValue();
    void recordType_data();
    void recordType();
    void soaMailbox_data();
    void soaMailbox();
};

void TestDnsRecordValue::typeNames()
{
    const QList<DnsRecordType> all { DnsRecordType::A, DnsRecordType::Aaaa, DnsRecordType::Cname, DnsRecordType::Ns,
        DnsRecordType::Ptr, DnsRecordType::Mx, DnsRecordType::Txt, DnsRecordType::Srv, DnsRecordType::Caa };
    for (const DnsRecordType t : all)
        QCOMPARE(dnsRecordTypeFromName(dnsRecordTypeName(t)), t);
    QCOMPARE(dnsRecordTypeName(DnsRecordType::Aaaa), u"AAAA"_s);
    QCOMPARE(dnsRecordTypeFromName(u"cname"), DnsRecordType::Cname);
    QVERIFY(!dnsRecordTypeFromName(u"SOA").has_value());
    QVERIFY(!dnsRecordTypeFromName(u"").has_value());
}

void TestDnsRecordValue::ownerValid_data()
{
    QTest::addColumn<DnsRecordType>("type");
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");

    QTest::newRow("A label") << DnsRecordType::A << u"www"_s << u"www"_s;
    QTest::newRow("A upper case") << DnsRecordType::A << u"WWW"_s << u"www"_s;
    QTest::newRow("A apex") << DnsRecordType::A << u"@"_s << u"@"_s;
    QTest::newRow("A wildcard") << DnsRecordType::A << u"*"_s << u"*"_s;
    QTest::newRow("A wildcard below") << DnsRecordType::A << u"*.shop"_s << u"*.shop"_s;
    QTest::newRow("A absolute inside zone") << DnsRecordType::A << u"www.Example.COM."_s << u"www"_s;
    QTest::newRow("A absolute apex") << DnsRecordType::A << u"example.com."_s << u"@"_s;
    QTest::newRow("A idn") << DnsRecordType::A << u"bücher"_s << u"xn--bcher-kva"_s;
    QTest::newRow("A all digits") << DnsRecordType::A << u"1"_s << u"1"_s;
    QTest::newRow("A label of 63") << DnsRecordType::A << label(u'a', 63) << label(u'a', 63);
    QTest::newRow("A name of 253 with zone")
        << DnsRecordType::A
        << label(u'a', 63) + u'.' + label(u'b', 63) + u'.' + label(u'c', 63) + u'.' + label(u'd', 49)
        << label(u'a', 63) + u'.' + label(u'b', 63) + u'.' + label(u'c', 63) + u'.' + label(u'd', 49);
    QTest::newRow("TXT dmarc") << DnsRecordType::Txt << u"_dmarc"_s << u"_dmarc"_s;
    QTest::newRow("TXT dkim") << DnsRecordType::Txt << u"Selector1._domainkey"_s << u"selector1._domainkey"_s;
    QTest::newRow("CNAME acme") << DnsRecordType::Cname << u"_acme-challenge.www"_s << u"_acme-challenge.www"_s;
    QTest::newRow("SRV service") << DnsRecordType::Srv << u"_sip._tcp"_s << u"_sip._tcp"_s;
    QTest::newRow("SRV service below") << DnsRecordType::Srv << u"_sip._tcp.eu"_s << u"_sip._tcp.eu"_s;
    QTest::newRow("SRV absolute") << DnsRecordType::Srv << u"_xmpp._tcp.example.com."_s << u"_xmpp._tcp"_s;
    QTest::newRow("NS delegation") << DnsRecordType::Ns << u"sub"_s << u"sub"_s;
    QTest::newRow("CAA apex") << DnsRecordType::Caa << u"@"_s << u"@"_s;
}

void TestDnsRecordValue::ownerValid()
{
    QFETCH(DnsRecordType, type);
    QFETCH(QString, input);
    QFETCH(QString, expected);
    ISP_VERIFY_VALID(Validate::dnsOwnerName(u"name"_s, input, Zone, type), expected);
}

void TestDnsRecordValue::ownerInvalid_data()
{
    QTest::addColumn<DnsRecordType>("type");
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("rule");

    QTest::newRow("empty") << DnsRecordType::A << QString() << u"required"_s;
    QTest::newRow("root") << DnsRecordType::A << u"."_s << u"empty-label"_s;
    QTest::newRow("A underscore") << DnsRecordType::A << u"_foo"_s << u"ldh"_s;
    QTest::newRow("MX underscore") << DnsRecordType::Mx << u"a_b"_s << u"ldh"_s;
    QTest::newRow("outside zone") << DnsRecordType::A << u"www.example.org."_s << u"zone"_s;
    QTest::newRow("suffix but not subdomain") << DnsRecordType::A << u"www.notexample.com."_s << u"zone"_s;
    QTest::newRow("CNAME apex") << DnsRecordType::Cname << u"@"_s << u"cname-apex"_s;
    QTest::newRow("CNAME absolute apex") << DnsRecordType::Cname << u"example.com."_s << u"cname-apex"_s;
    QTest::newRow("SRV without service labels") << DnsRecordType::Srv << u"sip.tcp"_s << u"srv-owner"_s;
    QTest::newRow("SRV one service label") << DnsRecordType::Srv << u"_sip"_s << u"srv-owner"_s;
    QTest::newRow("SRV apex") << DnsRecordType::Srv << u"@"_s << u"srv-owner"_s;
    QTest::newRow("SRV wildcard") << DnsRecordType::Srv << u"*._tcp"_s << u"wildcard"_s;
    QTest::newRow("NS wildcard") << DnsRecordType::Ns << u"*"_s << u"wildcard"_s;
    QTest::newRow("wildcard not first") << DnsRecordType::A << u"www.*"_s << u"wildcard"_s;
    QTest::newRow("wildcard inside label") << DnsRecordType::A << u"a*b"_s << u"wildcard"_s;
    QTest::newRow("double dot") << DnsRecordType::A << u"www..x"_s << u"empty-label"_s;
    QTest::newRow("ldap filter injection") << DnsRecordType::A << u"*)(uid=*"_s << u"wildcard"_s;
    QTest::newRow("dn injection") << DnsRecordType::Txt << u"a,ou=x"_s << u"ldh"_s;
    QTest::newRow("zone file injection") << DnsRecordType::Txt << u"www IN A 192.0.2.1"_s << u"ldh"_s;
    QTest::newRow("newline") << DnsRecordType::A << u"www\n"_s << u"control-character"_s;
    QTest::newRow("label of 64") << DnsRecordType::A << label(u'a', 64) << u"label-length"_s;
    QTest::newRow("name of 254 with zone")
        << DnsRecordType::A
        << label(u'a', 63) + u'.' + label(u'b', 63) + u'.' + label(u'c', 63) + u'.' + label(u'd', 50) << u"length"_s;
}

void TestDnsRecordValue::ownerInvalid()
{
    QFETCH(DnsRecordType, type);
    QFETCH(QString, input);
    QFETCH(QString, rule);
    ISP_VERIFY_REFUSED(Validate::dnsOwnerName(u"name"_s, input, Zone, type), u"name"_s, rule);
}

void TestDnsRecordValue::targetValid_data()
{
    QTest::addColumn<DnsRecordType>("type");
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");

    QTest::newRow("CNAME relative") << DnsRecordType::Cname << u"www"_s << u"www"_s;
    QTest::newRow("CNAME absolute keeps dot") << DnsRecordType::Cname << u"WWW.Example.NET."_s << u"www.example.net."_s;
    QTest::newRow("CNAME apex") << DnsRecordType::Cname << u"@"_s << u"@"_s;
    QTest::newRow("CNAME service name") << DnsRecordType::Cname << u"selector1._domainkey.example.net."_s
                                        << u"selector1._domainkey.example.net."_s;
    QTest::newRow("CNAME idn") << DnsRecordType::Cname << u"bücher.example."_s << u"xn--bcher-kva.example."_s;
    QTest::newRow("NS absolute") << DnsRecordType::Ns << u"ns1.example.net."_s << u"ns1.example.net."_s;
    QTest::newRow("PTR absolute") << DnsRecordType::Ptr << u"host.example.com."_s << u"host.example.com."_s;
    QTest::newRow("MX relative") << DnsRecordType::Mx << u"mail"_s << u"mail"_s;
}

void TestDnsRecordValue::targetValid()
{
    QFETCH(DnsRecordType, type);
    QFETCH(QString, input);
    QFETCH(QString, expected);
    ISP_VERIFY_VALID(Validate::dnsTargetName(u"target"_s, input, Zone, type), expected);
}

void TestDnsRecordValue::targetInvalid_data()
{
    QTest::addColumn<DnsRecordType>("type");
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("rule");

    QTest::newRow("empty") << DnsRecordType::Cname << QString() << u"required"_s;
    QTest::newRow("NS underscore") << DnsRecordType::Ns << u"_ns.example.net."_s << u"ldh"_s;
    QTest::newRow("CNAME wildcard") << DnsRecordType::Cname << u"*.example.net."_s << u"wildcard"_s;
    QTest::newRow("CNAME root") << DnsRecordType::Cname << u"."_s << u"empty-label"_s;
    QTest::newRow("space") << DnsRecordType::Cname << u"a b"_s << u"ldh"_s;
    QTest::newRow("ip as absolute name") << DnsRecordType::Ptr << u"192.0.2.1."_s << u"numeric-tld"_s;
    QTest::newRow("invalid a-label") << DnsRecordType::Cname << u"xn--zz.example."_s << u"idna"_s;
    QTest::newRow("shell") << DnsRecordType::Ns << u"$(reboot)"_s << u"ldh"_s;
}

void TestDnsRecordValue::targetInvalid()
{
    QFETCH(DnsRecordType, type);
    QFETCH(QString, input);
    QFETCH(QString, rule);
    ISP_VERIFY_REFUSED(Validate::dnsTargetName(u"target"_s, input, Zone, type), u"target"_s, rule);
}

void TestDnsRecordValue::ttl_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<int>("expected"); // -1: none (zone default)
    QTest::addColumn<QString>("rule");

    QTest::newRow("empty is default") << QString() << -1 << QString();
    QTest::newRow("zero") << u"0"_s << 0 << QString();
    QTest::newRow("hour") << u"3600"_s << 3600 << QString();
    QTest::newRow("maximum") << u"2147483647"_s << 2147483647 << QString();
    QTest::newRow("above maximum") << u"2147483648"_s << 0 << u"range"_s;
    QTest::newRow("negative") << u"-1"_s << 0 << u"range"_s;
    QTest::newRow("plus sign") << u"+5"_s << 0 << u"integer"_s;
    QTest::newRow("hex") << u"0x10"_s << 0 << u"integer"_s;
    QTest::newRow("leading space") << u" 5"_s << 0 << u"whitespace"_s;
    QTest::newRow("trailing space") << u"5 "_s << 0 << u"whitespace"_s;
    QTest::newRow("units") << u"1h"_s << 0 << u"integer"_s;
    QTest::newRow("leading zero") << u"05"_s << 0 << u"integer"_s;
    QTest::newRow("overflow") << u"99999999999999999999999"_s << 0 << u"range"_s;
}

void TestDnsRecordValue::ttl()
{
    QFETCH(QString, input);
    QFETCH(int, expected);
    QFETCH(QString, rule);
    const auto r = Validate::dnsTtl(u"ttl"_s, input);
    if (!rule.isEmpty()) {
        ISP_VERIFY_REFUSED(r, u"ttl"_s, rule);
        return;
    }
    QVERIFY2(r.ok(), qPrintable(r.error().message));
    QCOMPARE(r.value().has_value(), expected >= 0);
    if (expected >= 0)
        QCOMPARE(*r.value(), expected);
}

void TestDnsRecordValue::mx_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<QString>("rule");

    QTest::newRow("relative") << u"10 mail"_s << u"10 mail"_s << QString();
    QTest::newRow("absolute, spaces collapsed")
        << u"10   MAIL.example.net."_s << u"10 mail.example.net."_s << QString();
    QTest::newRow("preference 0") << u"0 mx"_s << u"0 mx"_s << QString();
    QTest::newRow("preference 65535") << u"65535 mx"_s << u"65535 mx"_s << QString();
    QTest::newRow("null mx") << u"0 ."_s << u"0 ."_s << QString();
    QTest::newRow("null mx with preference") << u"10 ."_s << QString() << u"null-mx"_s;
    QTest::newRow("preference 65536") << u"65536 mail"_s << QString() << u"range"_s;
    QTest::newRow("negative preference") << u"-1 mail"_s << QString() << u"range"_s;
    QTest::newRow("leading zero") << u"010 mail"_s << QString() << u"integer"_s;
    QTest::newRow("no preference") << u"mail"_s << QString() << u"syntax"_s;
    QTest::newRow("extra token") << u"10 mail extra"_s << QString() << u"syntax"_s;
    QTest::newRow("underscore target") << u"10 _mail"_s << QString() << u"ldh"_s;
    QTest::newRow("ip target") << u"10 192.0.2.1."_s << QString() << u"numeric-tld"_s;
    QTest::newRow("newline") << u"10 mail\n20 evil"_s << QString() << u"control-character"_s;
    QTest::newRow("empty") << QString() << QString() << u"required"_s;
}

void TestDnsRecordValue::mx()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QFETCH(QString, rule);
    if (rule.isEmpty())
        ISP_VERIFY_VALID(Validate::dnsMxValue(u"mx"_s, input, Zone), expected);
    else
        ISP_VERIFY_REFUSED(Validate::dnsMxValue(u"mx"_s, input, Zone), u"mx"_s, rule);
}

void TestDnsRecordValue::srv_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<QString>("rule");

    QTest::newRow("relative") << u"10 5 5060 sip"_s << u"10 5 5060 sip"_s << QString();
    QTest::newRow("absolute") << u"0 0 443 Host.Example.NET."_s << u"0 0 443 host.example.net."_s << QString();
    QTest::newRow("no service") << u"0 0 0 ."_s << u"0 0 0 ."_s << QString();
    QTest::newRow("maximum numbers") << u"65535 65535 65535 sip"_s << u"65535 65535 65535 sip"_s << QString();
    QTest::newRow("port too big") << u"10 5 65536 sip"_s << QString() << u"range"_s;
    QTest::newRow("weight not a number") << u"10 x 5060 sip"_s << QString() << u"integer"_s;
    QTest::newRow("missing field") << u"10 5 sip"_s << QString() << u"syntax"_s;
    QTest::newRow("underscore target") << u"10 5 5060 _sip"_s << QString() << u"ldh"_s;
}

void TestDnsRecordValue::srv()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QFETCH(QString, rule);
    if (rule.isEmpty())
        ISP_VERIFY_VALID(Validate::dnsSrvValue(u"srv"_s, input, Zone), expected);
    else
        ISP_VERIFY_REFUSED(Validate::dnsSrvValue(u"srv"_s, input, Zone), u"srv"_s, rule);
}

void TestDnsRecordValue::txtValid_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");

    const QString a255(255, u'a');
    QTest::newRow("plain text quoted") << u"v=spf1 -all"_s << u"\"v=spf1 -all\""_s;
    QTest::newRow("quoted kept") << u"\"v=spf1 -all\""_s << u"\"v=spf1 -all\""_s;
    QTest::newRow("two strings") << u"\"part one\" \"part two\""_s << u"\"part one\" \"part two\""_s;
    QTest::newRow("two strings, spaces collapsed") << u"\"a\"   \"b\""_s << u"\"a\" \"b\""_s;
    QTest::newRow("quotes in plain text escaped") << u"say \"hi\""_s << u"\"say \\\"hi\\\"\""_s;
    QTest::newRow("backslash in plain text escaped") << u"back\\slash"_s << u"\"back\\\\slash\""_s;
    QTest::newRow("escapes in quoted text") << u"\"esc \\\" q \\\\\""_s << u"\"esc \\\" q \\\\\""_s;
    QTest::newRow("semicolon stays inside quotes") << u"a; b"_s << u"\"a; b\""_s;
    QTest::newRow("sql text is just text") << u"'; DROP TABLE x; --"_s << u"\"'; DROP TABLE x; --\""_s;
    QTest::newRow("shell text is just text") << u"$(reboot)"_s << u"\"$(reboot)\""_s;
    QTest::newRow("utf-8 text") << u"héllo wörld"_s << u"\"héllo wörld\""_s;
    QTest::newRow("255 bytes unquoted") << a255 << u'"' + a255 + u'"';
    QTest::newRow("255 bytes quoted") << u'"' + a255 + u'"' << u'"' + a255 + u'"';
    QTest::newRow("300 bytes split") << QString(300, u'a') << u'"' + a255 + u"\" \""_s + QString(45, u'a') + u'"';
    QTest::newRow("split never inside utf-8")
        << QString(254, u'a') + u"ü"_s << u'"' + QString(254, u'a') + u"\" \"ü\""_s;
    QTest::newRow("4000 bytes") << QString(4000, u'x') << [] {
        QStringList parts;
        for (int i = 0; i < 15; ++i)
            parts << u'"' + QString(255, u'x') + u'"';
        parts << u'"' + QString(4000 - 15 * 255, u'x') + u'"';
        return parts.join(u' ');
    }();
}

void TestDnsRecordValue::txtValid()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    ISP_VERIFY_VALID(Validate::dnsTxtValue(u"txt"_s, input), expected);
}

void TestDnsRecordValue::txtInvalid_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("rule");

    QTest::newRow("empty") << QString() << u"required"_s;
    QTest::newRow("empty quoted") << u"\"\""_s << u"txt-empty"_s;
    QTest::newRow("raw newline") << u"line1\nline2"_s << u"control-character"_s;
    QTest::newRow("tab") << u"tab\there"_s << u"control-character"_s;
    QTest::newRow("nul") << u"a\0b"_s << u"control-character"_s;
    QTest::newRow("bad utf-8") << QString::fromUtf8("b\xff"
                                                    "ad")
                               << u"utf8"_s;
    QTest::newRow("unterminated") << u"\"unterminated"_s << u"txt-quote"_s;
    QTest::newRow("text after quotes") << u"\"a\" b"_s << u"txt-quote"_s;
    QTest::newRow("strings not separated") << u"\"a\"\"b\""_s << u"txt-quote"_s;
    QTest::newRow("unknown escape") << u"\"bad \\n escape\""_s << u"txt-escape"_s;
    QTest::newRow("decimal escape") << u"\"bad \\010 escape\""_s << u"txt-escape"_s;
    QTest::newRow("quoted 256 bytes") << u'"' + QString(256, u'a') + u'"' << u"txt-length"_s;
    QTest::newRow("quoted 128 two-byte characters") << u'"' + QString(128, u'ü') + u'"' << u"txt-length"_s;
    QTest::newRow("4001 bytes") << QString(4001, u'x') << u"length"_s;
    QTest::newRow("huge") << QString(100000, u'x') << u"length"_s;
    QTest::newRow("leading space") << u" text"_s << u"whitespace"_s;
}

void TestDnsRecordValue::txtInvalid()
{
    QFETCH(QString, input);
    QFETCH(QString, rule);
    ISP_VERIFY_REFUSED(Validate::dnsTxtValue(u"txt"_s, input), u"txt"_s, rule);
}

void TestDnsRecordValue::caaValid_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");

    QTest::newRow("issue") << u"0 issue \"letsencrypt.org\""_s << u"0 issue \"letsencrypt.org\""_s;
    QTest::newRow("issue unquoted") << u"0 issue letsencrypt.org"_s << u"0 issue \"letsencrypt.org\""_s;
    QTest::newRow("upper case tag and domain") << u"0 ISSUE \"LetsEncrypt.ORG\""_s << u"0 issue \"letsencrypt.org\""_s;
    QTest::newRow("critical issuewild no ca") << u"128 issuewild \";\""_s << u"128 issuewild \";\""_s;
    QTest::newRow("empty issue means no ca") << u"0 issue \"\""_s << u"0 issue \";\""_s;
    QTest::newRow("parameter") << u"0 issue \"ca.example.net; account=123\""_s
                               << u"0 issue \"ca.example.net; account=123\""_s;
    QTest::newRow("parameters normalised") << u"0 issue \"ca.example.net;account=123;policy=ev\""_s
                                           << u"0 issue \"ca.example.net; account=123; policy=ev\""_s;
    QTest::newRow("iodef mailto") << u"0 iodef \"mailto:security@Example.com\""_s
                                  << u"0 iodef \"mailto:security@example.com\""_s;
    QTest::newRow("iodef https") << u"0 iodef \"https://iodef.example.com/report\""_s
                                 << u"0 iodef \"https://iodef.example.com/report\""_s;
}

void TestDnsRecordValue::caaValid()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    ISP_VERIFY_VALID(Validate::dnsCaaValue(u"caa"_s, input), expected);
}

void TestDnsRecordValue::caaInvalid_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("rule");

    QTest::newRow("flags too big") << u"256 issue \"letsencrypt.org\""_s << u"range"_s;
    QTest::newRow("flags not a number") << u"x issue \"letsencrypt.org\""_s << u"integer"_s;
    QTest::newRow("unknown tag") << u"0 contactemail \"a@example.com\""_s << u"caa-tag"_s;
    QTest::newRow("no value") << u"0 issue"_s << u"syntax"_s;
    QTest::newRow("flags only") << u"0"_s << u"syntax"_s;
    QTest::newRow("bad issuer") << u"0 issue \"bad domain.org\""_s << u"ldh"_s;
    QTest::newRow("single-label issuer") << u"0 issue \"ca\""_s << u"labels"_s;
    QTest::newRow("space in parameter") << u"0 issue \"ca.example.net; acc ount=1\""_s << u"caa-value"_s;
    QTest::newRow("parameter without value") << u"0 issue \"ca.example.net; account\""_s << u"caa-value"_s;
    QTest::newRow("quote inside") << u"0 issue \"ca\\\"x\""_s << u"caa-value"_s;
    QTest::newRow("not closed") << u"0 issue \"letsencrypt.org"_s << u"caa-value"_s;
    QTest::newRow("iodef ftp") << u"0 iodef \"ftp://x.example.com\""_s << u"caa-value"_s;
    QTest::newRow("iodef spaces") << u"0 iodef \"mailto:not an address\""_s << u"caa-value"_s;
    QTest::newRow("iodef single-label mail domain") << u"0 iodef \"mailto:a@localhost\""_s << u"labels"_s;
    QTest::newRow("newline") << u"0 issue \"a.org\"\n0 issue \"b.org\""_s << u"control-character"_s;
}

void TestDnsRecordValue::caaInvalid()
{
    QFETCH(QString, input);
    QFETCH(QString, rule);
    ISP_VERIFY_REFUSED(Validate::dnsCaaValue(u"caa"_s, input), u"caa"_s, rule);
}

void TestDnsRecordValue::recordValue_data()
{
    QTest::addColumn<DnsRecordType>("type");
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<QString>("rule");

    QTest::newRow("A") << DnsRecordType::A << u"192.0.2.1"_s << u"192.0.2.1"_s << QString();
    QTest::newRow("A given IPv6") << DnsRecordType::A << u"2001:db8::1"_s << QString() << u"ipv4"_s;
    QTest::newRow("AAAA canonical") << DnsRecordType::Aaaa << u"2001:DB8:0:0::1"_s << u"2001:db8::1"_s << QString();
    QTest::newRow("AAAA given IPv4") << DnsRecordType::Aaaa << u"192.0.2.1"_s << QString() << u"ipv6"_s;
    QTest::newRow("CNAME") << DnsRecordType::Cname << u"www"_s << u"www"_s << QString();
    QTest::newRow("NS") << DnsRecordType::Ns << u"ns1.example.net."_s << u"ns1.example.net."_s << QString();
    QTest::newRow("PTR") << DnsRecordType::Ptr << u"host.example.com."_s << u"host.example.com."_s << QString();
    QTest::newRow("MX") << DnsRecordType::Mx << u"10 mail"_s << u"10 mail"_s << QString();
    QTest::newRow("TXT") << DnsRecordType::Txt << u"hello"_s << u"\"hello\""_s << QString();
    QTest::newRow("SRV") << DnsRecordType::Srv << u"1 2 3 sip"_s << u"1 2 3 sip"_s << QString();
    QTest::newRow("CAA") << DnsRecordType::Caa << u"0 issue letsencrypt.org"_s << u"0 issue \"letsencrypt.org\""_s
                         << QString();
    QTest::newRow("CNAME injection") << DnsRecordType::Cname << u"a,ou=x"_s << QString() << u"ldh"_s;
}

void TestDnsRecordValue::recordValue()
{
    QFETCH(DnsRecordType, type);
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QFETCH(QString, rule);
    if (rule.isEmpty())
        ISP_VERIFY_VALID(Validate::dnsRecordValue(u"value"_s, type, input, Zone), expected);
    else
        ISP_VERIFY_REFUSED(Validate::dnsRecordValue(u"value"_s, type, input, Zone), u"value"_s, rule);
}

void TestDnsRecordValue::recordType_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<int>("expected"); // -1: refused
    QTest::newRow("upper case") << u"AAAA"_s << int(DnsRecordType::Aaaa);
    QTest::newRow("lower case") << u"mx"_s << int(DnsRecordType::Mx);
    QTest::newRow("SOA is ISPMan's") << u"SOA"_s << -1;
    QTest::newRow("unmanaged type") << u"HINFO"_s << -1;
    QTest::newRow("generic syntax") << u"TYPE1"_s << -1;
    QTest::newRow("injection") << u"A)(x=*"_s << -1;
    QTest::newRow("space") << u"A "_s << -1;
}

void TestDnsRecordValue::recordType()
{
    QFETCH(QString, input);
    QFETCH(int, expected);
    if (expected >= 0)
        ISP_VERIFY_VALID(Validate::dnsRecordType(u"type"_s, input), DnsRecordType(expected));
    else if (input.endsWith(u' '))
        ISP_VERIFY_REFUSED(Validate::dnsRecordType(u"type"_s, input), u"type"_s, u"whitespace"_s);
    else
        ISP_VERIFY_REFUSED(Validate::dnsRecordType(u"type"_s, input), u"type"_s, u"record-type"_s);
}

void TestDnsRecordValue::soaMailbox_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<QString>("rule"); // empty: accepted

    QTest::newRow("first label is the mailbox") << u"hostmaster.example.net"_s << u"hostmaster.example.net."_s << QString();
    QTest::newRow("absolute") << u"hostmaster.Example.NET."_s << u"hostmaster.example.net."_s << QString();
    QTest::newRow("mail address") << u"dns.admin@example.net"_s << u"dns\\.admin.example.net."_s << QString();
    QTest::newRow("escaped dot") << u"dns\\.admin.example.net."_s << u"dns\\.admin.example.net."_s << QString();
    QTest::newRow("IDN domain") << u"hostmaster@bücher.example"_s << u"hostmaster.xn--bcher-kva.example."_s << QString();
    QTest::newRow("no domain") << u"hostmaster"_s << QString() << u"labels"_s;
    QTest::newRow("single-label domain") << u"hostmaster.net"_s << QString() << u"labels"_s;
    QTest::newRow("other escape") << u"a\\x.example.net"_s << QString() << u"local-part"_s;
    QTest::newRow("DN injection") << u"a,ou=x.example.net"_s << QString() << u"local-part"_s;
    QTest::newRow("space") << u"host master.example.net"_s << QString() << u"local-part"_s;
    QTest::newRow("newline") << u"a\nb.example.net"_s << QString() << u"control-character"_s;
}

void TestDnsRecordValue::soaMailbox()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QFETCH(QString, rule);
    if (rule.isEmpty())
        ISP_VERIFY_VALID(Validate::dnsSoaMailbox(u"mailbox"_s, input), expected);
    else
        ISP_VERIFY_REFUSED(Validate::dnsSoaMailbox(u"mailbox"_s, input), u"mailbox"_s, rule);
}

QTEST_GUILESS_MAIN(TestDnsRecordValue)
#include "tst_dnsrecordvalue.moc"

// Strict UTF-8 decoding of raw bytes, and human free-text fields: trimmed, any script, no control
// or invisible formatting characters, lengths in code points.
#include "core/validation/text.h"
#include "validationtest.h"

#include <QTest>

using namespace Isp::Core;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(Isp::Core::Validate::Presence)

class TestText : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void utf8Valid_data();
    void utf8Valid();
    void utf8Invalid_data();
    void utf8Invalid();
    void freeText_data();
    void freeText();
};

void TestText::utf8Valid_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("expected");

    QTest::newRow("ascii") << QByteArray("abc") << u"abc"_s;
    QTest::newRow("two-byte") << QByteArray("b\xc3\xbc"
                                            "cher")
                              << u"bücher"_s;
    QTest::newRow("four-byte") << QByteArray("\xf0\x9f\x8e\x89") << u"\U0001f389"_s;
    QTest::newRow("highest code point") << QByteArray("\xf4\x8f\xbf\xbf") << u"\U0010ffff"_s;
    QTest::newRow("bom kept") << QByteArray("\xef\xbb\xbf"
                                            "abc")
                              << u"\ufeffabc"_s;
    QTest::newRow("nul kept for the validators") << QByteArray("a\0b", 3) << u"a\0b"_s;
    QTest::newRow("empty") << QByteArray() << QString();
}

void TestText::utf8Valid()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, expected);
    ISP_VERIFY_VALID(Validate::utf8(u"comment"_s, bytes), expected);
}

void TestText::utf8Invalid_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("offset");

    QTest::newRow("lone 0xff") << QByteArray("ab\xff") << 2;
    QTest::newRow("overlong slash") << QByteArray("\xc0\xaf") << 0;
    QTest::newRow("overlong three-byte") << QByteArray("x\xe0\x80\xaf") << 1;
    QTest::newRow("encoded surrogate") << QByteArray("\xed\xa0\x80") << 0;
    QTest::newRow("above U+10FFFF") << QByteArray("\xf4\x90\x80\x80") << 0;
    QTest::newRow("five-byte form") << QByteArray("\xf8\x88\x80\x80\x80") << 0;
    QTest::newRow("truncated sequence") << QByteArray("abc\xe2\x82") << 3;
    QTest::newRow("stray continuation") << QByteArray("a\x80") << 1;
}

void TestText::utf8Invalid()
{
    QFETCH(QByteArray, bytes);
    QFETCH(int, offset);
    const auto r = Validate::utf8(u"password"_s, bytes);
    ISP_VERIFY_REFUSED(r, u"password"_s, u"utf8"_s);
    QVERIFY2(r.error().message.endsWith(u"at byte %1)"_s.arg(offset)), qPrintable(r.error().message));
    // The bytes themselves never appear: the field may be a password.
    QVERIFY(!r.error().message.contains(QChar(0xfffd)));
}

void TestText::freeText_data()
{
    using Validate::Presence;
    QTest::addColumn<QString>("input");
    QTest::addColumn<int>("maxLength");
    QTest::addColumn<Presence>("presence");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<QString>("rule");

    const auto O = Presence::Optional;
    const auto R = Presence::Required;
    const QString party = u"\U0001f389"_s;
    QTest::newRow("trimmed") << u"  John Doe  "_s << 255 << R << u"John Doe"_s << QString();
    QTest::newRow("trailing newline trimmed") << u"John Doe\n"_s << 255 << R << u"John Doe"_s << QString();
    QTest::newRow("any script") << u"Müller & Söhne GmbH, 日本語, עברית"_s << 255 << R
                                << u"Müller & Söhne GmbH, 日本語, עברית"_s << QString();
    QTest::newRow("markup is just text") << u"<script>alert(1)</script>"_s << 255 << R << u"<script>alert(1)</script>"_s
                                         << QString();
    QTest::newRow("sql is just text") << u"'; DROP TABLE x; --"_s << 255 << R << u"'; DROP TABLE x; --"_s << QString();
    QTest::newRow("optional empty") << QString() << 255 << O << QString() << QString();
    QTest::newRow("optional blank") << u"   "_s << 255 << O << QString() << QString();
    QTest::newRow("required empty") << QString() << 255 << R << QString() << u"required"_s;
    QTest::newRow("required blank") << u"   "_s << 255 << R << QString() << u"required"_s;
    QTest::newRow("exactly max") << QString(255, u'x') << 255 << R << QString(255, u'x') << QString();
    QTest::newRow("one over max") << QString(256, u'x') << 255 << R << QString() << u"length"_s;
    QTest::newRow("emoji count once") << party.repeated(10) << 10 << R << party.repeated(10) << QString();
    QTest::newRow("emoji over max") << party.repeated(11) << 10 << R << QString() << u"length"_s;
    QTest::newRow("inner newline") << u"a\nb"_s << 255 << R << QString() << u"control-character"_s;
    QTest::newRow("ldif injection") << u"x\ndn: uid=evil"_s << 255 << R << QString() << u"control-character"_s;
    QTest::newRow("tab") << u"a\tb"_s << 255 << R << QString() << u"control-character"_s;
    QTest::newRow("nul") << u"a\0b"_s << 255 << R << QString() << u"control-character"_s;
    QTest::newRow("delete") << u"a\u007fb"_s << 255 << R << QString() << u"control-character"_s;
    QTest::newRow("c1 control") << u"a\u0085b"_s << 255 << R << QString() << u"control-character"_s;
    QTest::newRow("line separator") << u"a\u2028b"_s << 255 << R << QString() << u"control-character"_s;
    QTest::newRow("bidi override") << u"\u202eevil"_s << 255 << R << QString() << u"control-character"_s;
    QTest::newRow("bidi isolate") << u"a\u2066b"_s << 255 << R << QString() << u"control-character"_s;
    QTest::newRow("byte-order mark") << u"\ufeffx"_s << 255 << R << QString() << u"control-character"_s;
    QTest::newRow("non-character") << u"a\uffffb"_s << 255 << R << QString() << u"control-character"_s;
    QTest::newRow("replacement character") << QString::fromUtf8("b\xff"
                                                                "ad")
                                           << 255 << R << QString() << u"utf8"_s;
    QTest::newRow("lone surrogate") << u"a"_s + QChar(0xdc00) + u"b"_s << 255 << R << QString() << u"utf8"_s;
}

void TestText::freeText()
{
    QFETCH(QString, input);
    QFETCH(int, maxLength);
    QFETCH(Validate::Presence, presence);
    QFETCH(QString, expected);
    QFETCH(QString, rule);
    if (rule.isEmpty())
        ISP_VERIFY_VALID(Validate::freeText(u"comment"_s, input, maxLength, presence), expected);
    else
        ISP_VERIFY_REFUSED(Validate::freeText(u"comment"_s, input, maxLength, presence), u"comment"_s, rule);
}

QTEST_GUILESS_MAIN(TestText)
#include "tst_text.moc"

// LdapEntry: case-insensitive attribute names that keep their first spelling, binary-safe
// values, UTF-8 text accessors, the mutators, objectClass membership and equality.
#include "core/ldap/ldapentry.h"

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

// A person entry, attributes in this order: objectClass, uid, cn, mail.
LdapEntry person()
{
    LdapEntry e(dn(u"uid=john,ou=people,o=x"_s));
    e.setValues(u"objectClass"_s, {"top"_ba, "inetOrgPerson"_ba});
    e.setText(u"uid"_s, u"john"_s);
    e.setText(u"cn"_s, u"John Doe"_s);
    e.setValues(u"mail"_s, {"john@x.org"_ba, "jd@x.org"_ba});
    return e;
}

QByteArray allBytes()
{
    QByteArray out;
    for (int i = 0; i < 256; ++i)
        out += char(i);
    return out;
}

} // namespace

class TestLdapEntry : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void lookup_data();
    void lookup();
    void firstSpellingKept_data();
    void firstSpellingKept();
    void binaryValues_data();
    void binaryValues();
    void text_data();
    void text();
    void setTexts();
    void setValuesEmptyRemoves_data();
    void setValuesEmptyRemoves();
    void addValue();
    void removeAttribute_data();
    void removeAttribute();
    void hasObjectClass_data();
    void hasObjectClass();
    void equality_data();
    void equality();
    void insertionOrder();
    void emptyEntry();
};

void TestLdapEntry::lookup_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("found");
    QTest::addColumn<Values>("values");

    const Values mail{"john@x.org"_ba, "jd@x.org"_ba};
    QTest::newRow("as written") << u"mail"_s << true << mail;
    QTest::newRow("upper case") << u"MAIL"_s << true << mail;
    QTest::newRow("mixed case") << u"mAiL"_s << true << mail;
    QTest::newRow("camel case lower-cased") << u"objectclass"_s << true << Values{"top"_ba, "inetOrgPerson"_ba};
    QTest::newRow("prefix is not a match") << u"mai"_s << false << Values();
    QTest::newRow("longer name is not a match") << u"mails"_s << false << Values();
    QTest::newRow("option is a different attribute") << u"cn;lang-de"_s << false << Values();
    QTest::newRow("absent") << u"sn"_s << false << Values();
    QTest::newRow("empty name") << QString() << false << Values();
}

void TestLdapEntry::lookup()
{
    QFETCH(QString, name);
    QFETCH(bool, found);
    QFETCH(Values, values);

    const LdapEntry e = person();
    QCOMPARE(e.hasAttribute(name), found);
    QCOMPARE(e.values(name), values);
    QCOMPARE(e.value(name), values.value(0));
    QCOMPARE(e.text(name), QString::fromUtf8(values.value(0)));
    QCOMPARE(e.texts(name).size(), values.size());
}

void TestLdapEntry::firstSpellingKept_data()
{
    QTest::addColumn<QString>("first");
    QTest::addColumn<QString>("second");

    QTest::newRow("camel then lower") << u"objectClass"_s << u"objectclass"_s;
    QTest::newRow("lower then upper") << u"mail"_s << u"MAIL"_s;
    QTest::newRow("upper then camel") << u"UIDNUMBER"_s << u"uidNumber"_s;
}

void TestLdapEntry::firstSpellingKept()
{
    QFETCH(QString, first);
    QFETCH(QString, second);

    LdapEntry e;
    e.addValue(first, "a"_ba);
    e.addValue(second, "b"_ba);
    QCOMPARE(e.attributeNames(), QStringList{first});
    QCOMPARE(e.values(first), (Values{"a"_ba, "b"_ba}));

    e.setValues(second, {"c"_ba});
    QCOMPARE(e.attributeNames(), QStringList{first});
    QCOMPARE(e.attributes().size(), 1);
    QCOMPARE(e.attributes().first().name, first);
    QCOMPARE(e.values(second), Values{"c"_ba});

    e.setText(second.toUpper(), u"d"_s);
    e.setTexts(second.toLower(), {u"e"_s, u"f"_s});
    QCOMPARE(e.attributeNames(), QStringList{first});
    QCOMPARE(e.texts(first), (QStringList{u"e"_s, u"f"_s}));
}

void TestLdapEntry::binaryValues_data()
{
    QTest::addColumn<Values>("values");

    QTest::newRow("every byte 0x00..0xff in one value") << Values{allBytes()};
    Values single;
    for (int i = 0; i < 256; ++i)
        single << QByteArray(1, char(i));
    QTest::newRow("every byte as its own value") << single;
    QTest::newRow("NUL only") << Values{QByteArray(1, '\0')};
    QTest::newRow("NUL in the middle") << Values{QByteArray("ab\0cd", 5)};
    QTest::newRow("trailing NULs") << Values{QByteArray("ab\0\0", 4)};
    QTest::newRow("invalid UTF-8") << Values{"\xff\xfe\xc3"_ba};
    QTest::newRow("16-byte UUID") << Values{QByteArray::fromHex("00112233445566778899aabbccddeeff")};
    QTest::newRow("empty value kept") << Values{QByteArray(), "x"_ba};
    QTest::newRow("values differing after NUL stay apart") << Values{QByteArray("a\0b", 3), QByteArray("a\0c", 3)};
}

void TestLdapEntry::binaryValues()
{
    QFETCH(Values, values);

    LdapEntry viaSet;
    viaSet.setValues(u"jpegPhoto"_s, values);
    QCOMPARE(viaSet.values(u"jpegPhoto"_s), values);
    QCOMPARE(viaSet.value(u"JPEGPHOTO"_s), values.first());
    QCOMPARE(viaSet.value(u"jpegPhoto"_s).size(), values.first().size());

    LdapEntry viaAdd;
    for (const QByteArray &v : values)
        viaAdd.addValue(u"jpegPhoto"_s, v);
    QCOMPARE(viaAdd.values(u"jpegPhoto"_s), values);
    QVERIFY(viaAdd == viaSet);

    LdapEntry viaSetValue;
    viaSetValue.setValue(u"jpegPhoto"_s, values.first());
    QCOMPARE(viaSetValue.values(u"jpegPhoto"_s), Values{values.first()});
}

void TestLdapEntry::text_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("text");

    QTest::newRow("ASCII") << "John Doe"_ba << u"John Doe"_s;
    QTest::newRow("two-byte UTF-8") << "J\xc3\xbcrgen"_ba << u"Jürgen"_s;
    QTest::newRow("three-byte UTF-8") << "\xe6\x97\xa5\xe6\x9c\xac"_ba << u"日本"_s;
    QTest::newRow("four-byte UTF-8") << "\xf0\x9f\x98\x80"_ba << u"😀"_s;
    QTest::newRow("empty") << QByteArray() << QString();
    QTest::newRow("NUL inside") << QByteArray("a\0b", 3) << u"a\0b"_s;
    QTest::newRow("leading byte order mark kept") << "\xef\xbb\xbfx"_ba << u"\uFEFFx"_s;
    QTest::newRow("invalid UTF-8 shows as replacement character") << "a\xff"_ba << u"a\uFFFD"_s;
}

void TestLdapEntry::text()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, text);

    LdapEntry e;
    e.setValues(u"cn"_s, {bytes, "second"_ba});
    QCOMPARE(e.text(u"cn"_s), text);
    QCOMPARE(e.text(u"CN"_s).size(), text.size());
    QCOMPARE(e.texts(u"cn"_s), (QStringList{text, u"second"_s}));

    // Writing the text back gives the same bytes (for valid UTF-8).
    LdapEntry back;
    back.setText(u"cn"_s, text);
    if (QString::fromUtf8(bytes).toUtf8() == bytes)
        QCOMPARE(back.value(u"cn"_s), bytes);
    QCOMPARE(back.text(u"cn"_s), text);
}

void TestLdapEntry::setTexts()
{
    LdapEntry e;
    e.setTexts(u"cn"_s, {u"Jürgen"_s, u"日本"_s, QString()});
    QCOMPARE(e.values(u"cn"_s), (Values{"J\xc3\xbcrgen"_ba, "\xe6\x97\xa5\xe6\x9c\xac"_ba, QByteArray()}));
    QCOMPARE(e.texts(u"cn"_s), (QStringList{u"Jürgen"_s, u"日本"_s, QString()}));

    e.setTexts(u"CN"_s, {});
    QVERIFY(!e.hasAttribute(u"cn"_s));
    QVERIFY(e.isEmpty());
}

void TestLdapEntry::setValuesEmptyRemoves_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QStringList>("remaining");

    QTest::newRow("same spelling") << u"cn"_s << QStringList{u"objectClass"_s, u"uid"_s, u"mail"_s};
    QTest::newRow("other spelling") << u"CN"_s << QStringList{u"objectClass"_s, u"uid"_s, u"mail"_s};
    QTest::newRow("first attribute") << u"objectclass"_s << QStringList{u"uid"_s, u"cn"_s, u"mail"_s};
    QTest::newRow("absent attribute: nothing changes")
        << u"sn"_s << QStringList{u"objectClass"_s, u"uid"_s, u"cn"_s, u"mail"_s};
}

void TestLdapEntry::setValuesEmptyRemoves()
{
    QFETCH(QString, name);
    QFETCH(QStringList, remaining);

    LdapEntry e = person();
    e.setValues(name, {});
    QVERIFY(!e.hasAttribute(name));
    QCOMPARE(e.values(name), Values());
    QCOMPARE(e.attributeNames(), remaining);
}

void TestLdapEntry::addValue()
{
    LdapEntry e = person();
    e.addValue(u"MAIL"_s, "third@x.org"_ba);
    QCOMPARE(e.values(u"mail"_s), (Values{"john@x.org"_ba, "jd@x.org"_ba, "third@x.org"_ba}));
    QCOMPARE(e.attributeNames(), (QStringList{u"objectClass"_s, u"uid"_s, u"cn"_s, u"mail"_s}));

    e.addValue(u"sn"_s, "Doe"_ba);
    QCOMPARE(e.values(u"sn"_s), Values{"Doe"_ba});
    QCOMPARE(e.attributeNames().last(), u"sn"_s);

    // Duplicates are kept: the entry is a plain container, the server decides.
    e.addValue(u"sn"_s, "Doe"_ba);
    QCOMPARE(e.values(u"sn"_s), (Values{"Doe"_ba, "Doe"_ba}));
}

void TestLdapEntry::removeAttribute_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QStringList>("remaining");

    QTest::newRow("as written") << u"uid"_s << QStringList{u"objectClass"_s, u"cn"_s, u"mail"_s};
    QTest::newRow("other case") << u"UID"_s << QStringList{u"objectClass"_s, u"cn"_s, u"mail"_s};
    QTest::newRow("last") << u"Mail"_s << QStringList{u"objectClass"_s, u"uid"_s, u"cn"_s};
    QTest::newRow("absent: nothing changes") << u"sn"_s
                                             << QStringList{u"objectClass"_s, u"uid"_s, u"cn"_s, u"mail"_s};
    QTest::newRow("prefix does not remove") << u"mai"_s
                                            << QStringList{u"objectClass"_s, u"uid"_s, u"cn"_s, u"mail"_s};
}

void TestLdapEntry::removeAttribute()
{
    QFETCH(QString, name);
    QFETCH(QStringList, remaining);

    LdapEntry e = person();
    e.removeAttribute(name);
    QVERIFY(!e.hasAttribute(name));
    QCOMPARE(e.attributeNames(), remaining);
    QCOMPARE(e.dn().toString(), u"uid=john,ou=people,o=x"_s);
}

void TestLdapEntry::hasObjectClass_data()
{
    QTest::addColumn<QString>("attributeName");
    QTest::addColumn<Values>("classes");
    QTest::addColumn<QString>("query");
    QTest::addColumn<bool>("has");

    const Values classes{"top"_ba, "inetOrgPerson"_ba, "ispmanAccount"_ba};
    const QString oc = u"objectClass"_s;
    QTest::newRow("as written") << oc << classes << u"inetOrgPerson"_s << true;
    QTest::newRow("lower case") << oc << classes << u"inetorgperson"_s << true;
    QTest::newRow("upper case") << oc << classes << u"ISPMANACCOUNT"_s << true;
    QTest::newRow("first value") << oc << classes << u"TOP"_s << true;
    QTest::newRow("attribute name in other case") << u"OBJECTCLASS"_s << classes << u"top"_s << true;
    QTest::newRow("superclass not listed") << oc << classes << u"person"_s << false;
    QTest::newRow("prefix is not a match") << oc << classes << u"inetOrg"_s << false;
    QTest::newRow("trailing space is not a match") << oc << classes << u"top "_s << false;
    QTest::newRow("empty query") << oc << classes << QString() << false;
    QTest::newRow("class in another attribute does not count") << u"description"_s << classes << u"top"_s << false;
}

void TestLdapEntry::hasObjectClass()
{
    QFETCH(QString, attributeName);
    QFETCH(Values, classes);
    QFETCH(QString, query);
    QFETCH(bool, has);

    LdapEntry e;
    e.setValues(attributeName, classes);
    QCOMPARE(e.hasObjectClass(query), has);
}

void TestLdapEntry::equality_data()
{
    QTest::addColumn<LdapEntry>("a");
    QTest::addColumn<LdapEntry>("b");
    QTest::addColumn<bool>("equal");

    const LdapEntry base = person();
    QTest::newRow("identical") << base << person() << true;

    LdapEntry reordered(dn(u"uid=john,ou=people,o=x"_s));
    reordered.setValues(u"mail"_s, {"jd@x.org"_ba, "john@x.org"_ba});
    reordered.setText(u"cn"_s, u"John Doe"_s);
    reordered.setValues(u"objectClass"_s, {"inetOrgPerson"_ba, "top"_ba});
    reordered.setText(u"uid"_s, u"john"_s);
    QTest::newRow("value and attribute order ignored") << base << reordered << true;

    LdapEntry renamed(dn(u"UID=John,OU=People,O=X"_s));
    renamed.setValues(u"OBJECTCLASS"_s, {"top"_ba, "inetOrgPerson"_ba});
    renamed.setText(u"UID"_s, u"john"_s);
    renamed.setText(u"Cn"_s, u"John Doe"_s);
    renamed.setValues(u"mail"_s, {"john@x.org"_ba, "jd@x.org"_ba});
    QTest::newRow("attribute-name and DN case ignored") << base << renamed << true;

    LdapEntry otherDn = person();
    otherDn.setDn(dn(u"uid=jane,ou=people,o=x"_s));
    QTest::newRow("different DN") << base << otherDn << false;

    LdapEntry otherValue = person();
    otherValue.setText(u"cn"_s, u"John Doe "_s);
    QTest::newRow("different value") << base << otherValue << false;

    LdapEntry valueCase = person();
    valueCase.setText(u"cn"_s, u"john doe"_s);
    QTest::newRow("value case matters (values are bytes)") << base << valueCase << false;

    LdapEntry extraValue = person();
    extraValue.addValue(u"mail"_s, "x@x.org"_ba);
    QTest::newRow("extra value") << base << extraValue << false;

    LdapEntry duplicated = person();
    duplicated.setValues(u"mail"_s, {"john@x.org"_ba, "john@x.org"_ba});
    QTest::newRow("duplicate is not the other value") << base << duplicated << false;

    LdapEntry missing = person();
    missing.removeAttribute(u"cn"_s);
    QTest::newRow("missing attribute") << base << missing << false;

    LdapEntry extraAttribute = person();
    extraAttribute.setText(u"sn"_s, u"Doe"_s);
    QTest::newRow("extra attribute") << base << extraAttribute << false;

    LdapEntry swapped = person();
    swapped.removeAttribute(u"cn"_s);
    swapped.setText(u"sn"_s, u"John Doe"_s);
    QTest::newRow("same values under another name") << base << swapped << false;

    LdapEntry a1;
    a1.setValue(u"x"_s, QByteArray("a\0b", 3));
    LdapEntry a2;
    a2.setValue(u"x"_s, QByteArray("a\0c", 3));
    QTest::newRow("binary values differing after NUL") << a1 << a2 << false;

    QTest::newRow("empty entries") << LdapEntry() << LdapEntry() << true;
    QTest::newRow("empty vs DN only") << LdapEntry() << LdapEntry(dn(u"o=x"_s)) << false;
}

void TestLdapEntry::equality()
{
    QFETCH(LdapEntry, a);
    QFETCH(LdapEntry, b);
    QFETCH(bool, equal);
    QCOMPARE(a == b, equal);
    QCOMPARE(b == a, equal);
}

void TestLdapEntry::insertionOrder()
{
    LdapEntry e;
    e.setText(u"sn"_s, u"Doe"_s);
    e.addValue(u"cn"_s, "John"_ba);
    e.setValues(u"objectClass"_s, {"top"_ba});
    e.setTexts(u"mail"_s, {u"a@x"_s});
    QCOMPARE(e.attributeNames(), (QStringList{u"sn"_s, u"cn"_s, u"objectClass"_s, u"mail"_s}));

    // Changing values keeps the position; removing and adding again moves to the end.
    e.setText(u"SN"_s, u"Smith"_s);
    e.addValue(u"cn"_s, "Johnny"_ba);
    QCOMPARE(e.attributeNames(), (QStringList{u"sn"_s, u"cn"_s, u"objectClass"_s, u"mail"_s}));
    e.removeAttribute(u"cn"_s);
    e.addValue(u"CN"_s, "J"_ba);
    QCOMPARE(e.attributeNames(), (QStringList{u"sn"_s, u"objectClass"_s, u"mail"_s, u"CN"_s}));

    QStringList fromAttributes;
    for (const LdapAttribute &a : e.attributes())
        fromAttributes << a.name;
    QCOMPARE(fromAttributes, e.attributeNames());
}

void TestLdapEntry::emptyEntry()
{
    LdapEntry e;
    QVERIFY(e.isEmpty());
    QVERIFY(e.dn().isEmpty());
    QVERIFY(e.attributeNames().isEmpty());
    QVERIFY(!e.hasAttribute(u"cn"_s));
    QVERIFY(e.value(u"cn"_s).isNull());
    QVERIFY(e.text(u"cn"_s).isEmpty());
    QVERIFY(e.texts(u"cn"_s).isEmpty());
    QVERIFY(!e.hasObjectClass(u"top"_s));

    e.addValue(u"cn"_s, QByteArray());
    QVERIFY(!e.isEmpty());
    QVERIFY(e.hasAttribute(u"cn"_s));
    QCOMPARE(e.values(u"cn"_s).size(), 1);

    const LdapEntry withDn(dn(u"uid=a,o=x"_s));
    QVERIFY(withDn.isEmpty());
    QCOMPARE(withDn.dn().toString(), u"uid=a,o=x"_s);
}

QTEST_GUILESS_MAIN(TestLdapEntry)
#include "tst_ldapentry.moc"

// `ispman dns ...` as a user runs it against a private directory with the sample data: zones,
// show, add, delete, export and import (from a file and from standard input), JSON output parsed
// back, refusals with exit 1 and "ispman: <field>: ..." on stderr (a zone file's errors with
// their line), usage errors, and nothing written by a refused command.
#include "core/directory/privatedirectory.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Isp::Core;
using namespace Qt::StringLiterals;

class TestDnsCli : public QObject
{
    Q_OBJECT

private:
    QString m_bin;
    QTemporaryDir m_tmp;
    QString m_dir;

    struct Run
    {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
        [[nodiscard]] QJsonObject object() const { return QJsonDocument::fromJson(out).object(); }
        [[nodiscard]] QJsonArray array() const { return QJsonDocument::fromJson(out).array(); }
    };

    Run exec(const QStringList &args, const QByteArray &stdinData = {})
    {
        QProcess p;
        p.start(m_bin, args);
        p.write(stdinData);
        p.closeWriteChannel();
        Run r;
        if (!p.waitForFinished(60000))
            return r;
        r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        r.out = p.readAllStandardOutput();
        r.err = p.readAllStandardError();
        return r;
    }

    // ispman dns ... with the private directory, and --json when `json`.
    Run dns(const QStringList &args, bool json = true, const QByteArray &stdinData = {})
    {
        QStringList all { u"--directory"_s, m_dir };
        if (json)
            all << u"--json"_s;
        return exec(all + QStringList { u"dns"_s } + args, stdinData);
    }

    qint64 serial(const QString &zone)
    {
        return dns({ u"show"_s, zone }).object().value(u"soa"_s).toObject().value(u"serial"_s).toInteger();
    }

    QJsonArray records(const QString &zone) { return dns({ u"show"_s, zone }).object().value(u"records"_s).toArray(); }

    static bool hasRecord(const QJsonArray &records, const QString &name, const QString &type, const QString &value)
    {
        for (const QJsonValue &v : records) {
            const QJsonObject r = v.toObject();
            if (r.value(u"name"_s).toString() == name && r.value(u"type"_s).toString() == type
                && r.value(u"value"_s).toString() == value)
                return true;
        }
        return false;
    }

    QString writeFile(const QString &name, const QByteArray &content)
    {
        QFile f(m_tmp.path() + u'/' + name);
        if (!f.open(QIODevice::WriteOnly))
            return QString();
        f.write(content);
        return f.fileName();
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_bin = qEnvironmentVariable("ISPMAN_BIN");
        QVERIFY2(QFileInfo(m_bin).isExecutable(), "ISPMAN_BIN must name the built ispman binary");
        QString missing;
        if (!PrivateDirectory::toolsAvailable(&missing))
            QSKIP(qPrintable(u"slapd is not installed: "_s + missing));
        QVERIFY(m_tmp.isValid());
        m_dir = m_tmp.path() + u"/directory"_s;
        const Run started = exec({ u"directory"_s, u"start"_s, u"--dir"_s, m_dir, u"--sample"_s });
        QVERIFY2(started.exitCode == 0, started.err.constData());
    }

    void cleanupTestCase()
    {
        if (!m_dir.isEmpty())
            exec({ u"directory"_s, u"stop"_s, u"--dir"_s, m_dir });
    }

    void zonesAndShow()
    {
        const Run zones = dns({ u"zones"_s });
        QCOMPARE(zones.exitCode, 0);
        QStringList names;
        for (const QJsonValue &z : zones.array())
            names << z.toObject().value(u"name"_s).toString();
        QCOMPARE(names, (QStringList { u"example.com"_s, u"example.org"_s }));

        const Run shown = dns({ u"show"_s, u"example.com"_s });
        QCOMPARE(shown.exitCode, 0);
        const QJsonObject z = shown.object();
        QCOMPARE(z.value(u"soa"_s).toObject().value(u"primary"_s).toString(), u"ns1.example.net."_s);
        // The sample's unquoted TXT comes out in ISPMan's (quoted) form.
        QVERIFY(hasRecord(z.value(u"records"_s).toArray(), u"@"_s, u"TXT"_s, u"\"v=spf1 mx -all\""_s));
        QVERIFY(hasRecord(z.value(u"records"_s).toArray(), u"ftp"_s, u"CNAME"_s, u"www.example.com."_s));

        const Run text = dns({ u"show"_s, u"example.com"_s }, false);
        QCOMPARE(text.exitCode, 0);
        QVERIFY2(text.out.contains("zone example.com") && text.out.contains("192.0.2.30"), text.out.constData());
    }

    void addAndDelete()
    {
        const qint64 before = serial(u"example.com"_s);
        const Run added = dns({ u"add"_s, u"example.com"_s, u"shop"_s, u"MX"_s, u"10 mx1"_s, u"--ttl"_s, u"300"_s });
        QVERIFY2(added.exitCode == 0, added.err.constData());
        const QJsonObject change = added.object();
        // The sample's serial is from an earlier day: the first change starts today's (YYYYMMDD01).
        const qint64 first = change.value(u"serial"_s).toInteger();
        QVERIFY(first > before);
        const QJsonObject rec = change.value(u"added"_s).toArray().first().toObject();
        QCOMPARE(rec.value(u"value"_s).toString(), u"10 mx1.example.com."_s);
        QCOMPARE(rec.value(u"type"_s).toString(), u"MX"_s);
        QVERIFY(hasRecord(records(u"example.com"_s), u"shop"_s, u"MX"_s, u"10 mx1.example.com."_s));

        const Run txt = dns({ u"add"_s, u"example.com"_s, u"shop"_s, u"txt"_s, u"hello world"_s }, false);
        QVERIFY2(txt.exitCode == 0, txt.err.constData());
        QVERIFY2(txt.out.contains("added") && txt.out.contains("\"hello world\""), txt.out.constData());

        const Run deleted = dns({ u"delete"_s, u"example.com"_s, u"shop"_s, u"MX"_s, u"10 mx1.example.com."_s });
        QVERIFY2(deleted.exitCode == 0, deleted.err.constData());
        QCOMPARE(deleted.object().value(u"removed"_s).toArray().size(), 1);
        QVERIFY(dns({ u"delete"_s, u"example.com"_s, u"shop"_s, u"TXT"_s, u"hello world"_s }).exitCode == 0);
        QVERIFY(!hasRecord(records(u"example.com"_s), u"shop"_s, u"TXT"_s, u"\"hello world\""_s));
        QCOMPARE(serial(u"example.com"_s), first + 3);
    }

    void refusals_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("stderrStart");
        QTest::newRow("filter injection in name")
            << QStringList { u"add"_s, u"example.com"_s, u"*)(x=*"_s, u"A"_s, u"192.0.2.1"_s } << u"ispman: name:"_s;
        QTest::newRow("DN injection in value")
            << QStringList { u"add"_s, u"example.com"_s, u"x"_s, u"CNAME"_s, u"a,ou=x"_s } << u"ispman: value:"_s;
        QTest::newRow("bad IP") << QStringList { u"add"_s, u"example.com"_s, u"x"_s, u"A"_s, u"192.0.2.300"_s }
                                << u"ispman: value:"_s;
        QTest::newRow("MX without preference") << QStringList { u"add"_s, u"example.com"_s, u"@"_s, u"MX"_s,
            u"mx9.example.com."_s } << u"ispman: value:"_s;
        QTest::newRow("SOA by hand") << QStringList { u"add"_s, u"example.com"_s, u"@"_s, u"SOA"_s, u"x"_s }
                                     << u"ispman: type:"_s;
        QTest::newRow("unknown type") << QStringList { u"add"_s, u"example.com"_s, u"@"_s, u"HINFO"_s, u"x"_s }
                                      << u"ispman: type:"_s;
        QTest::newRow("bad TTL") << QStringList { u"add"_s, u"example.com"_s, u"x"_s, u"A"_s, u"192.0.2.1"_s,
            u"--ttl"_s, u"1h"_s } << u"ispman: ttl:"_s;
        QTest::newRow("CNAME next to A") << QStringList { u"add"_s, u"example.com"_s, u"www"_s, u"CNAME"_s, u"ftp"_s }
                                         << u"ispman: name:"_s;
        QTest::newRow("A next to CNAME") << QStringList { u"add"_s, u"example.com"_s, u"ftp"_s, u"A"_s, u"192.0.2.1"_s }
                                         << u"ispman: name:"_s;
        QTest::newRow("duplicate") << QStringList { u"add"_s, u"example.com"_s, u"www"_s, u"A"_s, u"192.0.2.30"_s }
                                   << u"ispman: value:"_s;
        QTest::newRow("missing zone") << QStringList { u"add"_s, u"nowhere.example"_s, u"www"_s, u"A"_s,
            u"192.0.2.1"_s } << u"ispman: zone:"_s;
        QTest::newRow("delete what is not there")
            << QStringList { u"delete"_s, u"example.com"_s, u"www"_s, u"A"_s, u"192.0.2.99"_s } << u"ispman: value:"_s;
        QTest::newRow("bad zone name") << QStringList { u"show"_s, u"../etc"_s } << u"ispman: zone:"_s;
        QTest::newRow("unreadable file") << QStringList { u"import"_s, u"example.com"_s, u"/nonexistent/zone"_s }
                                         << u"ispman: file:"_s;
    }

    void refusals()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, stderrStart);
        const qint64 before = serial(u"example.com"_s);
        const Run r = dns(args);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(QString::fromUtf8(r.err).startsWith(stderrStart), r.err.constData());
        QVERIFY(r.out.isEmpty());
        QCOMPARE(serial(u"example.com"_s), before);
    }

    void usageErrors()
    {
        const Run missingValue = dns({ u"add"_s, u"example.com"_s, u"www"_s, u"A"_s });
        QVERIFY(missingValue.exitCode != 0 && missingValue.exitCode != 1);
        QVERIFY2(
            QString::fromUtf8(missingValue.err + missingValue.out).contains(u"value"_s), missingValue.err.constData());
        const Run noSubcommand = dns({});
        QVERIFY(noSubcommand.exitCode != 0 && noSubcommand.exitCode != 1);
    }

    void exportAndImport()
    {
        const Run exported = dns({ u"export"_s, u"example.org"_s });
        QCOMPARE(exported.exitCode, 0);
        QVERIFY2(exported.out.startsWith("; Zone example.org") && exported.out.contains("$ORIGIN example.org.\n")
                && exported.out.contains(" IN SOA "),
            exported.out.constData());
        const qint64 before = serial(u"example.org"_s);

        // A bad record in the middle: nothing is written, the error names its line.
        QList<QByteArray> lines = exported.out.split('\n');
        qsizetype middle = lines.size() / 2;
        while (middle < lines.size() && (lines.at(middle).isEmpty() || lines.at(middle).at(0) == ' '))
            ++middle;
        QList<QByteArray> bad = lines;
        bad.insert(middle, "broken IN A 192.0.2.256");
        bad.insert(middle, "fine IN A 192.0.2.55");
        const Run refused
            = dns({ u"import"_s, u"example.org"_s, writeFile(u"bad.zone"_s, bad.join('\n')), u"--replace"_s });
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.err.startsWith(QStringLiteral("ispman: file: line %1: value:").arg(middle + 2).toUtf8()),
            refused.err.constData());
        QCOMPARE(serial(u"example.org"_s), before);
        QVERIFY(!hasRecord(records(u"example.org"_s), u"fine"_s, u"A"_s, u"192.0.2.55"_s));

        // The file with one record more, replacing the zone.
        QList<QByteArray> good = lines;
        good.insert(middle, "fine IN A 192.0.2.55");
        const Run replaced
            = dns({ u"import"_s, u"example.org"_s, writeFile(u"good.zone"_s, good.join('\n')), u"--replace"_s });
        QVERIFY2(replaced.exitCode == 0, replaced.err.constData());
        QCOMPARE(replaced.object().value(u"added"_s).toArray().size(), 1);
        QCOMPARE(replaced.object().value(u"removed"_s).toArray().size(), 0);
        const qint64 first = serial(u"example.org"_s);
        QVERIFY(first > before);

        // Merging from standard input.
        const Run merged = dns({ u"import"_s, u"example.org"_s, u"-"_s }, true,
            "$TTL 3600\n@ SOA ns1.example.net. hostmaster.example.net. 1 1h 1h 1w 1h\n@ NS ns1.example.net.\n"
            "piped 60 TXT \"from stdin\"\n");
        QVERIFY2(merged.exitCode == 0, merged.err.constData());
        QVERIFY(hasRecord(records(u"example.org"_s), u"piped"_s, u"TXT"_s, u"\"from stdin\""_s));
        QVERIFY(hasRecord(records(u"example.org"_s), u"fine"_s, u"A"_s, u"192.0.2.55"_s));
        QCOMPARE(serial(u"example.org"_s), first + 1);

        // A file that is not UTF-8.
        const Run binary
            = dns({ u"import"_s, u"example.org"_s, writeFile(u"latin1.zone"_s, "www A 192.0.2.1 ; caf\xe9\n") });
        QCOMPARE(binary.exitCode, 1);
        QVERIFY2(binary.err.startsWith("ispman: file:"), binary.err.constData());

        // Exported again, the zone reads back as it is.
        const Run again = dns({ u"export"_s, u"example.org"_s });
        const Run same = dns({ u"import"_s, u"example.org"_s, writeFile(u"again.zone"_s, again.out), u"--replace"_s });
        QVERIFY2(same.exitCode == 0, same.err.constData());
        QVERIFY(same.object().value(u"added"_s).toArray().isEmpty());
        QVERIFY(same.object().value(u"removed"_s).toArray().isEmpty());
        QCOMPARE(serial(u"example.org"_s), first + 1);
    }

    void largeFileFromStdin()
    {
        // More than a pipe holds at once (64 KiB): all of it is read, not the first chunk.
        const QByteArray zone = dns({ u"export"_s, u"example.org"_s }, false).out;
        QByteArray piped = zone;
        for (int i = 0; i < 300; ++i)
            piped += QStringLiteral("bulk%1 TXT \"%2\"\n").arg(i, 4, 10, QChar(u'0')).arg(QString(240, u'x')).toUtf8();
        QVERIFY(piped.size() > 70 * 1024);
        const Run merged = dns({ u"import"_s, u"example.org"_s, u"-"_s }, true, piped);
        QVERIFY2(merged.exitCode == 0, merged.err.constData());
        QCOMPARE(merged.object().value(u"added"_s).toArray().size(), 300);
        QVERIFY(hasRecord(records(u"example.org"_s), u"bulk0299"_s, u"TXT"_s, u"\""_s + QString(240, u'x') + u"\""_s));

        const Run restored = dns({ u"import"_s, u"example.org"_s, u"-"_s, u"--replace"_s }, true, zone);
        QVERIFY2(restored.exitCode == 0, restored.err.constData());
        QCOMPARE(restored.object().value(u"removed"_s).toArray().size(), 300);
    }
};

QTEST_GUILESS_MAIN(TestDnsCli)
#include "tst_dnscli.moc"

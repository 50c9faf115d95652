// `ispman import-ispman1` as an operator runs it against a fresh private directory with the 1.x
// export of tests/data/ispman1: the dry run (JSON, and from standard input) writes nothing, the
// import prints the report (JSON and text, with the lines of what was not carried over), a second
// run creates nothing; objects an operation refuses make the exit code 1 with the report still
// printed; garbled and missing files exit 1 with "ispman: file: ..." on stderr and nothing
// written; usage errors exit 2.
#include "core/directory/privatedirectory.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Isp::Core;

class TestIspman1Cli : public QObject
{
    Q_OBJECT

private:
    QString m_bin;
    QTemporaryDir m_tmp;
    QString m_dir;
    QString m_export;

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
        if (!p.waitForFinished(120000))
            return r;
        r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        r.out = p.readAllStandardOutput();
        r.err = p.readAllStandardError();
        return r;
    }

    Run ispman(const QStringList &args, bool json = true, const QByteArray &stdinData = {})
    {
        QStringList all { QStringLiteral("--directory"), m_dir };
        if (json)
            all << QStringLiteral("--json");
        return exec(all + args, stdinData);
    }

    QString writeFile(const QString &name, const QByteArray &content)
    {
        QFile f(m_tmp.path() + QLatin1Char('/') + name);
        if (!f.open(QIODevice::WriteOnly))
            return QString();
        f.write(content);
        return f.fileName();
    }

    int count(const QString &what)
    {
        Run r = ispman({ what, QStringLiteral("list") });
        return r.exitCode == 0 ? int(r.array().size()) : -1;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_bin = qEnvironmentVariable("ISPMAN_BIN");
        QVERIFY2(QFileInfo(m_bin).isExecutable(), "ISPMAN_BIN must name the built ispman binary");
        QString missing;
        if (!PrivateDirectory::toolsAvailable(&missing))
            QSKIP(qPrintable(QStringLiteral("slapd is not installed: ") + missing));
        QVERIFY(m_tmp.isValid());
        m_dir = m_tmp.path() + QStringLiteral("/directory");
        Run started = exec({ QStringLiteral("directory"), QStringLiteral("start"), QStringLiteral("--dir"), m_dir,
            QStringLiteral("--json") });
        QVERIFY2(started.exitCode == 0, started.err.constData());
        QFile resource(QStringLiteral(":/ispman1/export.ldif"));
        QVERIFY(resource.open(QIODevice::ReadOnly));
        m_export = writeFile(QStringLiteral("export.ldif"), resource.readAll());
        QVERIFY(!m_export.isEmpty());
    }

    void cleanupTestCase()
    {
        if (!m_dir.isEmpty())
            exec({ QStringLiteral("directory"), QStringLiteral("stop"), QStringLiteral("--dir"), m_dir });
    }

    void dryRunWritesNothing()
    {
        Run dry = ispman({ QStringLiteral("import-ispman1"), m_export, QStringLiteral("--dry-run") });
        QVERIFY2(dry.exitCode == 0, dry.err.constData());
        const QJsonObject report = dry.object();
        QCOMPARE(report.value(QStringLiteral("dryRun")).toBool(), true);
        QCOMPARE(report.value(QStringLiteral("sourceBase")).toString(), QStringLiteral("o=ispman"));
        QCOMPARE(report.value(QStringLiteral("created")).toObject().value(QStringLiteral("domain")).toInt(), 4);
        QCOMPARE(report.value(QStringLiteral("failed")).toArray().size(), 0);
        QCOMPARE(count(QStringLiteral("domain")), 0);
        QCOMPARE(count(QStringLiteral("host")), 0);
        QCOMPARE(count(QStringLiteral("process")), 0);
        // The same from standard input, as text.
        QFile f(m_export);
        QVERIFY(f.open(QIODevice::ReadOnly));
        Run piped = ispman(
            { QStringLiteral("import-ispman1"), QStringLiteral("-"), QStringLiteral("--dry-run") }, false, f.readAll());
        QVERIFY2(piped.exitCode == 0, piped.err.constData());
        QVERIFY(piped.out.startsWith("ISPMan 1.x import from o=ispman (dry run: nothing written)\nWould create:\n"));
        QVERIFY(piped.out.contains("  domain: 4\n"));
        QCOMPARE(count(QStringLiteral("domain")), 0);
    }

    void importPrintsTheReport()
    {
        Run run = ispman({ QStringLiteral("import-ispman1"), m_export });
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QVERIFY(run.err.isEmpty());
        const QJsonObject report = run.object();
        QCOMPARE(report.value(QStringLiteral("dryRun")).toBool(), false);
        const QJsonObject created = report.value(QStringLiteral("created")).toObject();
        QCOMPARE(created.value(QStringLiteral("user")).toInt(), 4);
        QCOMPARE(created.value(QStringLiteral("vhost")).toInt(), 2);
        QCOMPARE(created.value(QStringLiteral("dns-record")).toInt(), 12);
        // Jane's quota: 10000 KB in 1.x, line 327 of the export.
        bool quota = false;
        for (const QJsonValue &v : report.value(QStringLiteral("unmapped")).toArray()) {
            const QJsonObject i = v.toObject();
            QVERIFY(i.value(QStringLiteral("line")).toInteger() > 0);
            QVERIFY(!i.value(QStringLiteral("reason")).toString().isEmpty());
            quota = quota
                || (i.value(QStringLiteral("attribute")).toString() == QStringLiteral("mailQuota")
                    && i.value(QStringLiteral("line")).toInteger() == 327
                    && i.value(QStringLiteral("dn")).toString().startsWith(QStringLiteral("uid=jane_example_com,")));
        }
        QVERIFY(quota);
        QCOMPARE(count(QStringLiteral("domain")), 4);
        Run john = ispman({ QStringLiteral("user"), QStringLiteral("show"), QStringLiteral("john@example.com") });
        QVERIFY2(john.exitCode == 0, john.err.constData());
        QVERIFY(count(QStringLiteral("process")) > 10);
    }

    void secondRunCreatesNothing()
    {
        const int processes = count(QStringLiteral("process"));
        Run again = ispman({ QStringLiteral("import-ispman1"), m_export }, false);
        QVERIFY2(again.exitCode == 0, again.err.constData());
        const QString text = QString::fromUtf8(again.out);
        QVERIFY2(text.contains(QStringLiteral("Created:\n  nothing\n")), qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("  domain example.com: exists\n")));
        QVERIFY(text.contains(QStringLiteral(
            "  line 295: uid=john_example_com,ou=users,ispmanDomain=example.com,o=ispman [dialupAccess]: "
            "RADIUS is not managed\n")));
        QVERIFY(text.endsWith(QStringLiteral("Failed: 0\n")));
        QCOMPARE(count(QStringLiteral("process")), processes);
    }

    void refusedObjectsExitOneWithTheReport()
    {
        const QString file = writeFile(QStringLiteral("hostile.ldif"),
            "dn: o=ispman\nobjectclass: organization\no: ispman\n\n"
            "dn: ispmanHostName=x, ou=hosts, o=ispman\nobjectclass: ispmanHost\n"
            "ispmanHostName: *)(objectClass=*\nispmanHostIp: 192.0.2.9\n");
        const int hosts = count(QStringLiteral("host"));
        Run r = ispman({ QStringLiteral("import-ispman1"), file }, false);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.out.contains("Failed: 1\n  line 5: host *)(objectClass=*: name: "), r.out.constData());
        QCOMPARE(r.err, QByteArray("ispman: import: 1 object(s) were refused; see \"Failed\" in the report\n"));
        QCOMPARE(count(QStringLiteral("host")), hosts);
    }

    void brokenFilesExitOneAndWriteNothing_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QByteArray>("error");
        QTest::newRow("not LDIF") << QByteArray("<?xml version=\"1.0\"?><ispman/>\n")
                                  << QByteArray("ispman: file: line 1: ");
        QTest::newRow("URL value") << QByteArray("dn: ispmanDomain=a.example, o=ispman\nobjectclass: ispmanDomain\n"
                                                 "ispmanDomainComment:< file:///etc/passwd\n")
                                   << QByteArray("ispman: file: line 3: ");
        QTest::newRow("no 1.x data") << QByteArray("dn: cn=x,dc=example,dc=org\nobjectclass: person\ncn: x\nsn: x\n")
                                     << QByteArray("ispman: file: no ISPMan 1.x data found");
    }

    void brokenFilesExitOneAndWriteNothing()
    {
        QFETCH(QByteArray, content);
        QFETCH(QByteArray, error);
        const int domains = count(QStringLiteral("domain"));
        const int processes = count(QStringLiteral("process"));
        Run r = ispman({ QStringLiteral("import-ispman1"), writeFile(QStringLiteral("broken.ldif"), content) });
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.startsWith(error), r.err.constData());
        QVERIFY(r.out.isEmpty());
        QCOMPARE(count(QStringLiteral("domain")), domains);
        QCOMPARE(count(QStringLiteral("process")), processes);
    }

    void missingFileAndUsage()
    {
        Run missing = ispman({ QStringLiteral("import-ispman1"), m_tmp.path() + QStringLiteral("/none.ldif") });
        QCOMPARE(missing.exitCode, 1);
        QVERIFY2(missing.err.startsWith("ispman: file: cannot read "), missing.err.constData());
        QCOMPARE(ispman({ QStringLiteral("import-ispman1") }).exitCode, 2);
        QCOMPARE(ispman({ QStringLiteral("import-ispman1"), m_export, QStringLiteral("--force") }).exitCode, 2);
        Run help = exec({ QStringLiteral("import-ispman1"), QStringLiteral("--help") });
        QCOMPARE(help.exitCode, 0);
        QVERIFY(help.out.contains("--dry-run"));
    }
};

QTEST_GUILESS_MAIN(TestIspman1Cli)
#include "tst_ispman1cli.moc"

// The DNS handler against a real slapd with the sample ISP, as the agent of ns1.example.net, with
// the real named-checkzone and named-checkconf and a recording script for the reloads: zone files
// and the include written from the directory (parsed back and compared), updates with a new serial
// and one zone reload, nothing rewritten or reloaded when nothing changed, slave domains as
// secondary zones, the DNS hosts of a domain (aliases too), deleted domains cleaned up, replicas
// served from their master's records, zones the checker refuses (old file kept, the checker's
// message on the process), a refused include, a failed reload retried, hostile names and values
// written straight into the directory, concurrent runs, and reconcile repairing drift.
#include "agent/handlers/dnshandler.h"
#include "core/ops/dnsops.h"
#include "core/ops/domainops.h"
#include "core/ops/zonefile.h"
#include "core/validation/dnsrecordtype.h"
#include "tests/agent/handlerfixture.h"

#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTest>
#include <QThread>

#include <sys/stat.h>

using namespace Isp;
using namespace Isp::Core;

namespace Isp::Core {
// For QCOMPARE's messages.
char *toString(const DnsZone &z)
{
    return QTest::toString(exportZone(z));
}
} // namespace Isp::Core

namespace {

const QString AgentHost = QStringLiteral("ns1.example.net");

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool writeAll(const QString &path, const QByteArray &content, QFileDevice::Permissions permissions = {})
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(content) != content.size())
        return false;
    f.close();
    return permissions == QFileDevice::Permissions() || f.setPermissions(permissions);
}

// Identity and modification time of a file: equal only if nobody rewrote or replaced it.
struct Stamp
{
    qint64 inode = -1;
    qint64 seconds = 0;
    qint64 nanoseconds = 0;
    friend bool operator==(const Stamp &, const Stamp &) = default;
};

Stamp stamp(const QString &path)
{
    struct stat st
    {
    };
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return {};
    return { qint64(st.st_ino), qint64(st.st_mtim.tv_sec), qint64(st.st_mtim.tv_nsec) };
}

} // namespace

class TestDnsHandler : public QObject
{
    Q_OBJECT

private:
    Test::HandlerFixture m_fx;
    Agent::DnsHandler m_handler;
    std::unique_ptr<DirectorySession> m_root;
    QString m_recorder; // appends its arguments to m_log
    QString m_log;
    qint64 m_pid = 900000;

    DirectorySession &admin() { return m_fx.admin(); }
    DirectorySession &root() { return *m_root; }

    QString zonesDir() { return m_fx.path(m_fx.config().dns.zonesDir); }
    QString zoneFile(const QString &zone) { return zonesDir() + QLatin1Char('/') + zone + QStringLiteral(".zone"); }
    QString includeFile() { return m_fx.path(m_fx.config().dns.includeFile); }
    QString include() { return QString::fromUtf8(readAll(includeFile())); }
    QString primaryLine(const QString &zone)
    {
        return QStringLiteral("zone \"%1\" { type primary; file \"%2\"; };").arg(zone, zoneFile(zone));
    }

    // The reloads that ran since the last call, one line each: "reload <zone>", "reconfig".
    QStringList reloads()
    {
        QStringList out = QString::fromUtf8(readAll(m_log)).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QFile::remove(m_log);
        return out;
    }

    Process modifyDomain(const QString &zone)
    {
        Process p;
        p.pid = ++m_pid;
        p.name = QStringLiteral("modifyDomain");
        p.host = AgentHost;
        p.domain = zone;
        p.params = { { QStringLiteral("zone"), zone } };
        p.target = QStringLiteral("zoneName=%1,ou=DNS,%2").arg(zone, admin().dit().base().toString());
        p.priority = 50;
        return p;
    }

    Agent::Outcome run(const QString &zone)
    {
        Agent::HandlerContext ctx = m_fx.context();
        return m_handler.run(modifyDomain(zone), ctx);
    }

    // Runs what core queued for this host; every one must succeed.
    void runQueued()
    {
        const auto failures = m_fx.runAll(m_handler);
        for (const auto &[pid, outcome] : failures)
            qWarning("process %lld failed: %s", pid, qPrintable(outcome.message));
        QVERIFY(failures.isEmpty());
    }

    // The zone file read back as a zone.
    std::optional<DnsZone> fileZone(const QString &zone)
    {
        auto parsed = parseZone(zone, QString::fromUtf8(readAll(zoneFile(zone))));
        if (!parsed.ok()) {
            qWarning("%s", qPrintable(parsed.error().toString()));
            return std::nullopt;
        }
        return *parsed;
    }

    DnsZone directoryZone(const QString &zone)
    {
        auto z = DnsOps::showZone(admin(), zone);
        return z.ok() ? *z : DnsZone {};
    }

    void addDomain(const QString &name, const QString &type = QStringLiteral("primary"),
        const QStringList &masters = {}, const QStringList &dnsHosts = {}, const QString &replicaMaster = {})
    {
        DomainOps::DomainSpec spec;
        spec.name = name;
        spec.type = type;
        spec.dnsMasters = masters;
        spec.dnsHosts = dnsHosts;
        spec.replicaMaster = replicaMaster;
        auto r = DomainOps::add(admin(), spec);
        QVERIFY2(r.ok(), qPrintable(r.error().toString()));
    }

    static bool check(const QStringList &argv, QString *output)
    {
        QProcess p;
        p.start(argv.first(), argv.mid(1));
        if (!p.waitForFinished(30000))
            return false;
        *output = QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError());
        return p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
    }

    void verifyIncludeAccepted()
    {
        QString out;
        QVERIFY2(check({ QStringLiteral("named-checkconf"), includeFile() }, &out), qPrintable(out));
    }

    // Every file below the agent's root is a zone file in the zones folder or the include.
    void verifyNothingOutside()
    {
        QDirIterator it(m_fx.config().root, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString f = it.next();
            const bool zoneFile = QFileInfo(f).absolutePath() == zonesDir() && f.endsWith(QLatin1String(".zone"));
            QVERIFY2(zoneFile || f == includeFile(), qPrintable(QStringLiteral("unexpected file %1").arg(f)));
        }
    }

private Q_SLOTS:
    void initTestCase()
    {
        for (const char *tool : { "named-checkzone", "named-checkconf" }) {
            if (QStandardPaths::findExecutable(QLatin1String(tool)).isEmpty())
                QSKIP(qPrintable(QStringLiteral("%1 is not installed (bind9-utils)").arg(QLatin1String(tool))));
        }
        ISP_START_DIRECTORY(m_fx, AgentHost);
        m_root = std::make_unique<DirectorySession>(m_fx.directory().rootSettings(), Dit(m_fx.directory()->base()));
        m_log = m_fx.tempPath() + QStringLiteral("/reloads.log");
        m_recorder = m_fx.tempPath() + QStringLiteral("/record");
        QVERIFY(writeAll(m_recorder, QStringLiteral("#!/bin/sh\nprintf '%s\\n' \"$*\" >> %1\n").arg(m_log).toUtf8(),
            QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner));
        Agent::AgentConfig &c = m_fx.config();
        c.dns.checkZone = QStringLiteral("named-checkzone %1 %2"); // without -q: its message goes on the process
        c.dns.checkConf = QStringLiteral("named-checkconf %1");
        c.dns.reloadZone = m_recorder + QStringLiteral(" reload %1");
        c.dns.reconfig = m_recorder + QStringLiteral(" reconfig");
    }

    // At start the agent reconciles: every zone of the sample that ns1 serves (all of them, through
    // dnsgroup) is written; the replica example.net, served with example.com's records, names
    // ns1.example.net as a name server inside its own zone without an address, which
    // named-checkzone refuses: that zone is reported and nothing is written for it.
    void reconcileServesTheSample()
    {
        Agent::HandlerContext ctx = m_fx.context();
        const Agent::ReconcileReport report = m_handler.reconcile(ctx);
        QCOMPARE(report.checked, 3);
        QCOMPARE(report.repaired, 2);
        QCOMPARE(report.problems.size(), 1);
        QVERIFY2(
            report.problems.first().startsWith(QLatin1String("example.net: ")), qPrintable(report.problems.first()));
        QVERIFY2(report.problems.first().contains(QLatin1String("NS 'ns1.example.net' has no address records")),
            qPrintable(report.problems.first()));
        QVERIFY(!QFile::exists(zoneFile(QStringLiteral("example.net"))));
        for (const QString &zone : { QStringLiteral("example.com"), QStringLiteral("example.org") }) {
            QCOMPARE(fileZone(zone), std::optional<DnsZone>(directoryZone(zone)));
            QVERIFY2(include().contains(primaryLine(zone) + QLatin1Char('\n')), qPrintable(include()));
        }
        QVERIFY(!include().contains(QLatin1String("example.net")));
        verifyIncludeAccepted();
        QCOMPARE(reloads(), QStringList { QStringLiteral("reconfig") });

        // Again: nothing to do.
        const Stamp before = stamp(zoneFile(QStringLiteral("example.com")));
        const Agent::ReconcileReport again = m_handler.reconcile(ctx);
        QCOMPARE(again.repaired, 0);
        QCOMPARE(again.problems.size(), 1);
        QCOMPARE(stamp(zoneFile(QStringLiteral("example.com"))), before);
        QCOMPARE(reloads(), QStringList());
    }

    void newDomainIsServed()
    {
        addDomain(QStringLiteral("shop.test"));
        runQueued();
        const std::optional<DnsZone> file = fileZone(QStringLiteral("shop.test"));
        QVERIFY(file);
        QCOMPARE(*file, directoryZone(QStringLiteral("shop.test")));
        QCOMPARE(file->soa.primary, QStringLiteral("ns1.example.net."));
        QVERIFY2(
            include().contains(primaryLine(QStringLiteral("shop.test")) + QLatin1Char('\n')), qPrintable(include()));
        verifyIncludeAccepted();
        // A zone new to the list is loaded by the reconfigure alone.
        QCOMPARE(reloads(), QStringList { QStringLiteral("reconfig") });
        QVERIFY(m_fx.processes(QStringLiteral("modifyDomain")).isEmpty());
        QFile f(zoneFile(QStringLiteral("shop.test")));
        QCOMPARE(f.permissions() & (QFileDevice::ReadOther | QFileDevice::WriteOther), QFileDevice::ReadOther);
    }

    void recordChangeRewritesAndReloadsOnce()
    {
        const quint32 before = directoryZone(QStringLiteral("shop.test")).soa.serial;
        const quint64 runsBefore = m_fx.reloader().runs(QStringLiteral("dns:shop.test"));
        auto added = DnsOps::addRecord(admin(), QStringLiteral("shop.test"),
            { QStringLiteral("www"), DnsRecordType::A, QStringLiteral("192.0.2.80"), std::nullopt });
        QVERIFY2(added.ok(), qPrintable(added.error().toString()));
        runQueued();
        const std::optional<DnsZone> file = fileZone(QStringLiteral("shop.test"));
        QVERIFY(file);
        QCOMPARE(*file, directoryZone(QStringLiteral("shop.test")));
        QVERIFY(file->soa.serial > before);
        QVERIFY(file->records.contains(
            DnsRecord { QStringLiteral("www"), DnsRecordType::A, QStringLiteral("192.0.2.80"), std::nullopt }));
        QCOMPARE(reloads(), QStringList { QStringLiteral("reload shop.test") });
        QCOMPARE(m_fx.reloader().runs(QStringLiteral("dns:shop.test")), runsBefore + 1);
    }

    void unchangedChangesNothing()
    {
        const Stamp zone = stamp(zoneFile(QStringLiteral("shop.test")));
        const Stamp inc = stamp(includeFile());
        const QByteArray content = readAll(zoneFile(QStringLiteral("shop.test")));
        for (int i = 0; i < 2; ++i) {
            const Agent::Outcome o = run(QStringLiteral("shop.test"));
            QVERIFY2(o.ok, qPrintable(o.message));
            QVERIFY(!o.changed);
        }
        QCOMPARE(stamp(zoneFile(QStringLiteral("shop.test"))), zone);
        QCOMPARE(readAll(zoneFile(QStringLiteral("shop.test"))), content);
        QCOMPARE(stamp(includeFile()), inc);
        QCOMPARE(reloads(), QStringList());
    }

    void slaveDomainIsSecondary()
    {
        addDomain(QStringLiteral("secondary.test"), QStringLiteral("slave"),
            { QStringLiteral("192.0.2.53"), QStringLiteral("2001:DB8::53") });
        runQueued();
        QVERIFY2(include().contains(QStringLiteral(
                     "zone \"secondary.test\" { type secondary; primaries { 192.0.2.53; 2001:db8::53; }; };\n")),
            qPrintable(include()));
        QVERIFY(!QFile::exists(zoneFile(QStringLiteral("secondary.test"))));
        verifyIncludeAccepted();
        QCOMPARE(reloads(), QStringList { QStringLiteral("reconfig") });

        DomainOps::DomainChange change;
        change.dnsMasters = QStringList { QStringLiteral("192.0.2.54") };
        auto edited = DomainOps::edit(admin(), QStringLiteral("secondary.test"), change);
        QVERIFY2(edited.ok(), qPrintable(edited.error().toString()));
        runQueued();
        QVERIFY2(include().contains(
                     QStringLiteral("zone \"secondary.test\" { type secondary; primaries { 192.0.2.54; }; };\n")),
            qPrintable(include()));
        QCOMPARE(reloads(), QStringList { QStringLiteral("reconfig") });
    }

    // A domain whose dnsHost names another host is not served here; one that names an alias of
    // this host is.
    void dnsHostDecides()
    {
        addDomain(
            QStringLiteral("elsewhere.test"), QStringLiteral("primary"), {}, { QStringLiteral("web1.example.net") });
        QVERIFY(m_fx.processes(QStringLiteral("modifyDomain")).isEmpty()); // the work went to web1
        const Agent::Outcome o = run(QStringLiteral("elsewhere.test"));
        QVERIFY2(o.ok, qPrintable(o.message));
        QVERIFY(!o.changed);
        QVERIFY(!QFile::exists(zoneFile(QStringLiteral("elsewhere.test"))));
        QVERIFY(!include().contains(QLatin1String("elsewhere.test")));

        auto moved = root().modify(admin().dit().domain(QStringLiteral("elsewhere.test")),
            { LdapModification::replace(QStringLiteral("dnsHost"), QStringLiteral("ns2.example.net")) });
        QVERIFY2(moved.ok(), qPrintable(moved.error().toString()));
        Agent::HandlerContext ctx = m_fx.context();
        ctx.hostNames = { AgentHost, QStringLiteral("ns2.example.net") };
        const Agent::Outcome served = m_handler.run(modifyDomain(QStringLiteral("elsewhere.test")), ctx);
        QVERIFY2(served.ok && served.changed, qPrintable(served.message));
        QVERIFY(QFile::exists(zoneFile(QStringLiteral("elsewhere.test"))));
        QVERIFY(include().contains(primaryLine(QStringLiteral("elsewhere.test"))));

        // Back to web1: this host lets it go (reconcile would too).
        QVERIFY(root()
                    .modify(admin().dit().domain(QStringLiteral("elsewhere.test")),
                        { LdapModification::replace(QStringLiteral("dnsHost"), QStringLiteral("web1.example.net")) })
                    .ok());
        const Agent::Outcome gone = run(QStringLiteral("elsewhere.test"));
        QVERIFY2(gone.ok && gone.changed, qPrintable(gone.message));
        QVERIFY(!QFile::exists(zoneFile(QStringLiteral("elsewhere.test"))));
        QVERIFY(!include().contains(QLatin1String("elsewhere.test")));
        QCOMPARE(reloads(), (QStringList { QStringLiteral("reconfig"), QStringLiteral("reconfig") }));
    }

    void deletedDomainIsRemoved()
    {
        QVERIFY(QFile::exists(zoneFile(QStringLiteral("shop.test"))));
        auto removed = DomainOps::remove(admin(), QStringLiteral("shop.test"));
        QVERIFY2(removed.ok(), qPrintable(removed.error().toString()));
        QVERIFY(!admin().read(admin().dit().zone(QStringLiteral("shop.test")))->has_value());
        runQueued();
        QVERIFY(!QFile::exists(zoneFile(QStringLiteral("shop.test"))));
        QVERIFY2(!include().contains(QLatin1String("shop.test")), qPrintable(include()));
        QVERIFY(include().contains(primaryLine(QStringLiteral("example.com"))));
        verifyIncludeAccepted();
        QCOMPARE(reloads(), QStringList { QStringLiteral("reconfig") });
        // The same process again (a retry): nothing left to do.
        const Agent::Outcome again = run(QStringLiteral("shop.test"));
        QVERIFY2(again.ok && !again.changed, qPrintable(again.message));
    }

    void replicaFollowsItsMaster()
    {
        addDomain(QStringLiteral("master.test"));
        addDomain(QStringLiteral("alias.test"), QStringLiteral("replica"), {}, {}, QStringLiteral("master.test"));
        runQueued();
        std::optional<DnsZone> replica = fileZone(QStringLiteral("alias.test"));
        QVERIFY(replica);
        DnsZone expected = directoryZone(QStringLiteral("master.test"));
        expected.name = QStringLiteral("alias.test");
        QCOMPARE(*replica, expected);
        QVERIFY(include().contains(primaryLine(QStringLiteral("alias.test"))));
        (void)reloads();

        // A change of the master's zone reaches the replica through the master's process.
        auto added = DnsOps::addRecord(admin(), QStringLiteral("master.test"),
            { QStringLiteral("shop"), DnsRecordType::A, QStringLiteral("192.0.2.81"), std::nullopt });
        QVERIFY2(added.ok(), qPrintable(added.error().toString()));
        runQueued();
        replica = fileZone(QStringLiteral("alias.test"));
        QVERIFY(replica);
        QVERIFY(replica->records.contains(
            DnsRecord { QStringLiteral("shop"), DnsRecordType::A, QStringLiteral("192.0.2.81"), std::nullopt }));
        QCOMPARE(replica->soa.serial, directoryZone(QStringLiteral("master.test")).soa.serial);
        QStringList ran = reloads();
        ran.sort();
        QCOMPARE(ran, (QStringList { QStringLiteral("reload alias.test"), QStringLiteral("reload master.test") }));
    }

    void refusedZoneKeepsTheOldFile_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("attribute");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("message");
        QTest::newRow("CNAME beside an address")
            << QStringLiteral("www") << QStringLiteral("cNAMERecord") << QStringLiteral("web1.example.net.")
            << QStringLiteral("CNAME and other data");
        QTest::newRow("NS without an address")
            << QStringLiteral("@") << QStringLiteral("nSRecord") << QStringLiteral("ns9.broken.test.")
            << QStringLiteral("NS 'ns9.broken.test' has no address records");
    }

    void refusedZoneKeepsTheOldFile()
    {
        QFETCH(QString, name);
        QFETCH(QString, attribute);
        QFETCH(QString, value);
        QFETCH(QString, message);
        const QString zone = QStringLiteral("broken.test");
        if (!admin().read(admin().dit().domain(zone))->has_value()) {
            addDomain(zone);
            auto www = DnsOps::addRecord(
                admin(), zone, { QStringLiteral("www"), DnsRecordType::A, QStringLiteral("192.0.2.82"), std::nullopt });
            QVERIFY2(www.ok(), qPrintable(www.error().toString()));
            runQueued();
        }
        (void)reloads();
        const QByteArray old = readAll(zoneFile(zone));
        QVERIFY(!old.isEmpty());
        // Straight into the directory, as core would never write it.
        const LdapDn dn = admin().dit().dnsName(zone, name);
        QVERIFY(root().modify(dn, { LdapModification::add(attribute, { value.toUtf8() }) }).ok());

        const Agent::Outcome o = run(zone);
        QVERIFY(!o.ok);
        QVERIFY2(
            o.message.contains(QLatin1String("named-checkzone")) && o.message.contains(message), qPrintable(o.message));
        QVERIFY2(o.message.contains(zoneFile(zone) + QStringLiteral(" is kept")), qPrintable(o.message));
        QCOMPARE(readAll(zoneFile(zone)), old);
        QCOMPARE(reloads(), QStringList());
        verifyNothingOutside(); // no temporary file left behind

        QVERIFY(root().modify(dn, { LdapModification::remove(attribute, { value.toUtf8() }) }).ok());
        const Agent::Outcome repaired = run(zone);
        QVERIFY2(repaired.ok && !repaired.changed, qPrintable(repaired.message));
    }

    void refusedIncludeKeepsTheOldOne()
    {
        const QString refuse = m_fx.tempPath() + QStringLiteral("/refuse");
        QVERIFY(writeAll(refuse, "#!/bin/sh\necho \"refused by the test checker: $1\" >&2\nexit 1\n",
            QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner));
        m_fx.config().dns.checkConf = refuse + QStringLiteral(" %1");
        const QByteArray old = readAll(includeFile());
        addDomain(QStringLiteral("late.test"));
        const auto failures = m_fx.runAll(m_handler);
        m_fx.config().dns.checkConf = QStringLiteral("named-checkconf %1");
        QCOMPARE(failures.size(), 1);
        const QString message = failures.first().second.message;
        QVERIFY2(message.contains(QLatin1String("refused by the test checker")) && message.contains(includeFile()),
            qPrintable(message));
        QCOMPARE(readAll(includeFile()), old);
        QCOMPARE(reloads(), QStringList());

        runQueued(); // the retry
        QVERIFY(include().contains(primaryLine(QStringLiteral("late.test"))));
        QCOMPARE(reloads(), QStringList { QStringLiteral("reconfig") });
    }

    void failedReloadIsRetried()
    {
        m_fx.config().dns.reloadZone = QStringLiteral("/bin/false %1");
        auto added = DnsOps::addRecord(admin(), QStringLiteral("late.test"),
            { QStringLiteral("ftp"), DnsRecordType::A, QStringLiteral("192.0.2.83"), std::nullopt });
        QVERIFY2(added.ok(), qPrintable(added.error().toString()));
        const auto failures = m_fx.runAll(m_handler);
        m_fx.config().dns.reloadZone = m_recorder + QStringLiteral(" reload %1");
        QCOMPARE(failures.size(), 1);
        QVERIFY2(failures.first().second.message.contains(QLatin1String("reloading the zone failed")),
            qPrintable(failures.first().second.message));
        QCOMPARE(*fileZone(QStringLiteral("late.test")), directoryZone(QStringLiteral("late.test")));

        runQueued(); // the retry: the file is right, the reload is still owed
        QCOMPARE(reloads(), QStringList { QStringLiteral("reload late.test") });
        const Agent::Outcome again = run(QStringLiteral("late.test"));
        QVERIFY2(again.ok && !again.changed, qPrintable(again.message));
        QCOMPARE(reloads(), QStringList());
    }

    void hostileNamesAreRefused_data()
    {
        QTest::addColumn<QString>("zone");
        QTest::addColumn<QString>("type");
        QTest::newRow("dot-dot") << QStringLiteral("../../../tmp/evil") << QStringLiteral("primary");
        // A slave domain has no zone entry that core would read (and validate) first: the name
        // would go straight into a path (to remove a zone file) and into the include.
        QTest::newRow("dot-dot, slave") << QStringLiteral("../../../tmp/evil") << QStringLiteral("slave");
        QTest::newRow("slash, slave") << QStringLiteral("a/b.test") << QStringLiteral("slave");
        QTest::newRow("only dots") << QStringLiteral("..") << QStringLiteral("primary");
        QTest::newRow("newline") << QStringLiteral("evil.test\n$INCLUDE /etc/passwd") << QStringLiteral("primary");
        QTest::newRow("quote, slave") << QStringLiteral("evil.test\" { type primary; file \"/etc/passwd")
                                      << QStringLiteral("slave");
    }

    void hostileNamesAreRefused()
    {
        QFETCH(QString, zone);
        QFETCH(QString, type);
        // A domain and a zone entry of that name, written as root past core's validation.
        LdapEntry domain(admin().dit().domain(zone));
        domain.setTexts(
            QStringLiteral("objectClass"), { QStringLiteral("ispmanBranch"), QStringLiteral("ispmanDomain") });
        domain.setText(QStringLiteral("ispmanDomain"), zone);
        domain.setText(QStringLiteral("ispmanDomainType"), type);
        if (type == QLatin1String("slave"))
            domain.setText(QStringLiteral("ispmanDnsMasters"), QStringLiteral("192.0.2.53"));
        LdapEntry apex(admin().dit().zone(zone));
        apex.setTexts(QStringLiteral("objectClass"), { QStringLiteral("dNSZone") });
        apex.setText(QStringLiteral("zoneName"), zone);
        apex.setText(QStringLiteral("relativeDomainName"), QStringLiteral("@"));
        apex.setText(QStringLiteral("sOARecord"),
            QStringLiteral("ns1.example.net. hostmaster.example.net. 1 10800 1800 604800 3600"));
        apex.setText(QStringLiteral("nSRecord"), QStringLiteral("ns1.example.net."));
        const auto addedDomain = root().add(domain);
        const auto addedZone = root().add(apex);
        QVERIFY2(addedDomain.ok() && addedZone.ok(),
            qPrintable(addedDomain.error().toString() + addedZone.error().toString()));
        // What a zone file of that name would be, were the name used as it is: it must survive.
        const QString victim = QDir::cleanPath(zonesDir() + QLatin1Char('/') + zone + QStringLiteral(".zone"));
        const bool outside = !victim.startsWith(zonesDir() + QLatin1Char('/'));
        if (outside) {
            QVERIFY(QDir().mkpath(QFileInfo(victim).absolutePath()));
            QVERIFY(writeAll(victim, "not the agent's\n"));
        }

        // A process naming it by parameter, or only by its target.
        const Agent::Outcome byParam = run(zone);
        QVERIFY(!byParam.ok);
        QVERIFY2(byParam.message.contains(QLatin1String("names no zone")), qPrintable(byParam.message));
        Process byTarget = modifyDomain(zone);
        byTarget.params.clear();
        byTarget.target = admin().dit().zone(zone).toString();
        Agent::HandlerContext ctx = m_fx.context();
        const Agent::Outcome o = m_handler.run(byTarget, ctx);
        QVERIFY2(!o.ok && o.message.contains(QLatin1String("names no zone")), qPrintable(o.message));

        // Reconcile finds the domain and reports it.
        const Agent::ReconcileReport report = m_handler.reconcile(ctx);
        QVERIFY2(std::any_of(report.problems.begin(), report.problems.end(),
                     [](const QString &p) { return p.startsWith(QLatin1String("a domain entry cannot be served")); }),
            qPrintable(report.problems.join(QLatin1Char('\n'))));
        if (outside) {
            QCOMPARE(readAll(victim), QByteArray("not the agent's\n"));
            QVERIFY(QFile::remove(victim));
        }
        verifyNothingOutside();
        verifyIncludeAccepted();
        QVERIFY(!include().contains(QLatin1String("evil")));
        QVERIFY(!include().contains(QLatin1String("/etc/passwd")));
        QVERIFY(!include().contains(QLatin1String("b.test")));

        QVERIFY(root().remove(apex.dn()).ok());
        QVERIFY(root().remove(domain.dn()).ok());
        (void)reloads();
    }

    // Values no core operation would store never reach a zone file or the include.
    void hostileValuesAreRefused()
    {
        // A record value that would carry a directive into the master file.
        const LdapDn www = admin().dit().dnsName(QStringLiteral("example.org"), QStringLiteral("www"));
        const QByteArray injected = "192.0.2.30\n$INCLUDE /etc/passwd";
        QVERIFY(root().modify(www, { LdapModification::add(QStringLiteral("aRecord"), { injected }) }).ok());
        const QByteArray old = readAll(zoneFile(QStringLiteral("example.org")));
        const Agent::Outcome o = run(QStringLiteral("example.org"));
        QVERIFY(root().modify(www, { LdapModification::remove(QStringLiteral("aRecord"), { injected }) }).ok());
        QVERIFY(!o.ok);
        QVERIFY2(o.message.contains(QLatin1String("does not validate"))
                && o.message.contains(QLatin1String("repair it there")),
            qPrintable(o.message));
        QCOMPARE(readAll(zoneFile(QStringLiteral("example.org"))), old);

        // Master servers of a slave domain that would carry a statement into named.conf.
        LdapEntry slave(admin().dit().domain(QStringLiteral("inject.test")));
        slave.setTexts(
            QStringLiteral("objectClass"), { QStringLiteral("ispmanBranch"), QStringLiteral("ispmanDomain") });
        slave.setText(QStringLiteral("ispmanDomain"), QStringLiteral("inject.test"));
        slave.setText(QStringLiteral("ispmanDomainType"), QStringLiteral("slave"));
        slave.setText(QStringLiteral("ispmanDnsMasters"), QStringLiteral("192.0.2.1;};include\"/etc/passwd\";//"));
        QVERIFY(root().add(slave).ok());
        const Agent::Outcome s = run(QStringLiteral("inject.test"));
        QVERIFY(root().remove(slave.dn()).ok());
        QVERIFY(!s.ok);
        QVERIFY2(s.message.contains(QLatin1String("ispmanDnsMasters")), qPrintable(s.message));
        QVERIFY(!include().contains(QLatin1String("passwd")));
        QCOMPARE(reloads(), QStringList());
    }

    void concurrentRuns()
    {
        QStringList zones;
        for (int i = 1; i <= 6; ++i) {
            zones << QStringLiteral("c%1.test").arg(i);
            addDomain(zones.last());
        }
        const QList<Process> work = m_fx.processes(QStringLiteral("modifyDomain"));
        QCOMPARE(work.size(), 6);
        Agent::HandlerContext base = m_fx.context();
        LdapConnectionSettings settings = m_fx.directory().rootSettings();
        settings.bindDn = admin().dit().host(AgentHost).toString();
        settings.password = "agent-secret-1";
        std::mutex mutex;
        QStringList failures;
        QList<QThread *> threads;
        for (int t = 0; t < 3; ++t) {
            threads << QThread::create([&, t] {
                DirectorySession session(settings, Dit(admin().dit().base()));
                Agent::HandlerContext ctx { session, base.config, base.paths, base.commands, base.reloader,
                    base.hostName, base.hostNames };
                for (qsizetype i = t; i < work.size(); i += 3) {
                    const Agent::Outcome o = m_handler.run(work.at(i), ctx);
                    if (!o.ok) {
                        std::lock_guard lock(mutex);
                        failures << o.message;
                    }
                }
            });
            threads.last()->start();
        }
        for (QThread *t : std::as_const(threads)) {
            QVERIFY(t->wait(120000));
            delete t;
        }
        QVERIFY2(failures.isEmpty(), qPrintable(failures.join(QLatin1Char('\n'))));
        for (const QString &zone : std::as_const(zones)) {
            QVERIFY2(include().contains(primaryLine(zone)), qPrintable(zone));
            QCOMPARE(fileZone(zone), std::optional<DnsZone>(directoryZone(zone)));
        }
        verifyIncludeAccepted();
        QVERIFY(!reloads().contains(QLatin1String("reload c1.test")));
        for (const Process &p : work)
            QVERIFY(admin().remove(admin().dit().process(p.pid)).ok());
    }

    void reconcileRepairsDrift()
    {
        // By hand: a zone file edited, a stale one of a zone nobody serves, one statement gone,
        // and files the handler did not write (left alone).
        const QString org = zoneFile(QStringLiteral("example.org"));
        const QByteArray good = readAll(org);
        QVERIFY(writeAll(org, good + "evil IN A 192.0.2.66\n"));
        QVERIFY(writeAll(zoneFile(QStringLiteral("gone.test")), "; nobody serves this\n"));
        QVERIFY(writeAll(zonesDir() + QStringLiteral("/notes.txt"), "mine\n"));
        QVERIFY(writeAll(zonesDir() + QStringLiteral("/Not.Mine.zone"), "mine\n"));
        QString inc = include();
        QVERIFY(inc.contains(primaryLine(QStringLiteral("example.com")) + QLatin1Char('\n')));
        inc.remove(primaryLine(QStringLiteral("example.com")) + QLatin1Char('\n'));
        QVERIFY(writeAll(includeFile(), inc.toUtf8()));
        (void)reloads();

        Agent::HandlerContext ctx = m_fx.context();
        Agent::ReconcileReport report = m_handler.reconcile(ctx);
        QCOMPARE(report.problems.size(), 1); // the sample's replica example.net, as at start
        QCOMPARE(report.repaired, 3); // example.org's file, gone.test's file, example.com's statement

        QCOMPARE(readAll(org), good);
        QVERIFY(!QFile::exists(zoneFile(QStringLiteral("gone.test"))));
        QVERIFY(QFile::exists(zonesDir() + QStringLiteral("/notes.txt")));
        QVERIFY(QFile::exists(zonesDir() + QStringLiteral("/Not.Mine.zone")));
        QVERIFY2(include().contains(primaryLine(QStringLiteral("example.com"))), qPrintable(include()));
        QStringList ran = reloads();
        ran.sort();
        QCOMPARE(ran, (QStringList { QStringLiteral("reconfig"), QStringLiteral("reload example.org") }));
        verifyIncludeAccepted();

        report = m_handler.reconcile(ctx);
        QCOMPARE(report.repaired, 0);
        QCOMPARE(reloads(), QStringList());
        QFile::remove(zonesDir() + QStringLiteral("/notes.txt"));
        QFile::remove(zonesDir() + QStringLiteral("/Not.Mine.zone"));
    }
};

QTEST_GUILESS_MAIN(TestDnsHandler)
#include "tst_dnshandler.moc"

// The console's tree and ops models against a real slapd: every model under
// QAbstractItemModelTester (with fetchMore), lazy levels, and changes made by another client
// reaching the rows without a model reset (expansion and selection survive).
#include "tests/console/consolefixture.h"

#include "console/opsmodels.h"
#include "console/treemodel.h"

#include "core/ops/domainops.h"
#include "core/ops/hostops.h"
#include "core/ops/processqueue.h"
#include "core/ops/transaction.h"
#include "core/ops/userops.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QItemSelectionModel>
#include <QTreeView>

using namespace Isp;
using namespace Isp::Core;
using namespace Isp::Console;
using Isp::Test::findRow;

namespace {

// Fetches `parent` and waits until its level is loaded.
bool fetch(QAbstractItemModel &model, const QModelIndex &parent, int minRows = 1)
{
    if (model.canFetchMore(parent))
        model.fetchMore(parent);
    return QTest::qWaitFor([&] { return model.rowCount(parent) >= minRows; }, 10000);
}

} // namespace

class TestConsoleTree : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { ISP_START_CONSOLE(m_fx); }

    void lazyTreeUnderModelTester()
    {
        DirectoryTreeModel model(&m_fx.live(), m_fx.dit());
        QCOMPARE(model.rowCount(), 8); // Domains, Hosts, Host groups, Resellers, Admins, Service accounts, Configuration, Processes
        const QModelIndex domains = model.topFolder(QStringLiteral("domains"));
        const QModelIndex primary = model.childFolder(domains, QStringLiteral("primary"));
        QVERIFY(primary.isValid());
        // Nothing is read before the view asks.
        QVERIFY(model.canFetchMore(primary));
        QVERIFY(model.hasChildren(primary));
        QCOMPARE(model.rowCount(primary), 0);

        // The tester walks the whole tree, fetching every level as a view would.
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        TreeProxyModel proxy;
        proxy.setSourceModel(&model);
        QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        proxy.sort(0);
        QVERIFY(fetch(model, primary, 2));
        QVERIFY(!model.canFetchMore(primary));
        const QModelIndex com = findRow(model, primary, QStringLiteral("example.com"));
        QVERIFY(com.isValid());
        QCOMPARE(model.data(com.siblingAtColumn(1)).toString(), QStringLiteral("primary"));
        const QModelIndex replica = model.childFolder(domains, QStringLiteral("replica"));
        QVERIFY(fetch(model, replica, 1));
        QVERIFY(findRow(model, replica, QStringLiteral("example.net")).isValid());

        // A domain holds folders; its users load when asked.
        QVERIFY(model.hasChildren(com));
        const QModelIndex users = model.childFolder(com, QStringLiteral("users"));
        QVERIFY(users.isValid());
        QVERIFY(fetch(model, users, 2));
        QVERIFY(findRow(model, users, QStringLiteral("john@example.com")).isValid());
        const QModelIndex dns = model.childFolder(com, QStringLiteral("dns"));
        QVERIFY(fetch(model, dns, 3)); // the apex and www, ftp
        QVERIFY(findRow(model, dns, QStringLiteral("www")).isValid());

        // The other top folders load too.
        for (const char *id : {"hosts", "hostgroups", "resellers", "admins", "conf"}) {
            const QModelIndex top = model.topFolder(QString::fromLatin1(id));
            QVERIFY2(fetch(model, top, 1), id);
        }
        const QModelIndex reseller = model.index(0, 0, model.topFolder(QStringLiteral("resellers")));
        QVERIFY(model.hasChildren(reseller));
        QVERIFY(fetch(model, reseller, 1)); // client 1
        // The proxy shows the same, sorted.
        QVERIFY(proxy.rowCount() == 8);
    }

    void otherClientsChangesWithoutReset()
    {
        DirectoryTreeModel model(&m_fx.live(), m_fx.dit());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        TreeProxyModel proxy;
        proxy.setSourceModel(&model);
        proxy.sort(0);
        QTreeView view;
        view.setModel(&proxy);
        view.resize(600, 400);
        view.show();

        const QModelIndex primary = model.childFolder(model.topFolder(QStringLiteral("domains")), QStringLiteral("primary"));
        QVERIFY(fetch(model, primary, 2));
        const QModelIndex com = findRow(model, primary, QStringLiteral("example.com"));
        const QModelIndex users = model.childFolder(com, QStringLiteral("users"));
        QVERIFY(fetch(model, users, 2));
        view.expand(proxy.mapFromSource(model.topFolder(QStringLiteral("domains"))));
        view.expand(proxy.mapFromSource(primary));
        view.expand(proxy.mapFromSource(com));
        view.expand(proxy.mapFromSource(users));
        const QModelIndex john = findRow(model, users, QStringLiteral("john@example.com"));
        view.selectionModel()->setCurrentIndex(proxy.mapFromSource(john), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);

        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        QSignalSpy proxyResets(&proxy, &QAbstractItemModel::modelReset);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);

        // Another client adds a user: one row appears under Users.
        const int before = model.rowCount(users);
        UserOps::UserSpec spec;
        spec.domain = QStringLiteral("example.com");
        spec.localPart = QStringLiteral("treeuser");
        spec.surname = QStringLiteral("Tree");
        spec.password = QStringLiteral("a-Long-pass-1234");
        QVERIFY(UserOps::add(m_fx.otherSession(), spec).ok());
        QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(users), before + 1, 5000);
        QVERIFY(findRow(model, users, QStringLiteral("treeuser@example.com")).isValid());

        // ... changes it: its row changes.
        QVERIFY(UserOps::setSuspended(m_fx.otherSession(), QStringLiteral("treeuser@example.com"), true).ok());
        QTRY_VERIFY_WITH_TIMEOUT(model.data(findRow(model, users, QStringLiteral("treeuser@example.com")).siblingAtColumn(1))
                                     .toString().contains(QStringLiteral("suspended")), 5000);
        QVERIFY(changed.count() >= 1);

        // ... and deletes it: the row goes.
        QVERIFY(UserOps::remove(m_fx.otherSession(), QStringLiteral("treeuser@example.com")).ok());
        QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(users), before, 5000);
        QVERIFY(removed.count() >= 1);

        // A domain whose type changes moves between the type folders.
        const QModelIndex nodns = model.childFolder(model.topFolder(QStringLiteral("domains")), QStringLiteral("nodns"));
        model.fetchMore(nodns);
        DomainOps::DomainSpec d;
        d.name = QStringLiteral("tree-moves.test");
        d.type = QStringLiteral("nodns");
        auto added = DomainOps::add(m_fx.otherSession(), d);
        QVERIFY2(added.ok(), qPrintable(added.error().toString()));
        QTRY_VERIFY_WITH_TIMEOUT(findRow(model, nodns, QStringLiteral("tree-moves.test")).isValid(), 5000);

        QCOMPARE(resets.count(), 0);
        QCOMPARE(proxyResets.count(), 0);
        QVERIFY(inserted.count() >= 1);
        // Expansion and the selection survived.
        QVERIFY(view.isExpanded(proxy.mapFromSource(users)));
        QCOMPARE(view.selectionModel()->currentIndex().data().toString(), QStringLiteral("john@example.com"));
    }

    void filterAsYouType()
    {
        DirectoryTreeModel model(&m_fx.live(), m_fx.dit());
        TreeProxyModel proxy;
        proxy.setSourceModel(&model);
        QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QModelIndex primary = model.childFolder(model.topFolder(QStringLiteral("domains")), QStringLiteral("primary"));
        QVERIFY(fetch(model, primary, 2));
        proxy.setFilterFixedString(QStringLiteral("example.org"));
        const QModelIndex domains = proxy.mapFromSource(model.topFolder(QStringLiteral("domains")));
        QVERIFY(domains.isValid());
        const QModelIndex p = proxy.mapFromSource(primary);
        QCOMPARE(proxy.rowCount(p), 1);
        QCOMPARE(proxy.index(0, 0, p).data().toString(), QStringLiteral("example.org"));
        QVERIFY(!proxy.mapFromSource(model.topFolder(QStringLiteral("hosts"))).isValid());
        proxy.setFilterFixedString(QString());
        QVERIFY(proxy.rowCount(p) >= 2);
    }

    void opsViewFollowsAgentsAndProcesses()
    {
        HostsModel hosts(&m_fx.live(), m_fx.dit());
        QAbstractItemModelTester hostsTester(&hosts, QAbstractItemModelTester::FailureReportingMode::QtTest);
        ProcessesModel processes(&m_fx.live(), m_fx.dit());
        QAbstractItemModelTester processesTester(&processes, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QTRY_VERIFY_WITH_TIMEOUT(hosts.isLoaded() && processes.isLoaded(), 10000);
        QCOMPARE(hosts.rowCount(), 3);

        auto rowOfHost = [&](const QString &name) {
            for (int r = 0; r < hosts.rowCount(); ++r) {
                if (hosts.index(r, HostsModel::Name).data().toString() == name)
                    return r;
            }
            return -1;
        };
        const int mail1 = rowOfHost(QStringLiteral("mail1.example.net"));
        QVERIFY(mail1 >= 0);
        QCOMPARE(hosts.index(mail1, HostsModel::Agent).data().toString(), QStringLiteral("no agent"));

        // An agent reports: alive, queue depth 4, 1 failure.
        const QString now = QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMddHHmmss'Z'"));
        auto hb = m_fx.otherSession().modify(m_fx.dit().host(QStringLiteral("mail1.example.net")),
                                             {LdapModification::replace(QStringLiteral("ispmanAgentHeartbeat"), now),
                                              LdapModification::replace(QStringLiteral("ispmanAgentVersion"), QStringLiteral("0.1.0")),
                                              LdapModification::replace(QStringLiteral("ispmanAgentQueueDepth"), QStringLiteral("4")),
                                              LdapModification::replace(QStringLiteral("ispmanAgentFailures"), QStringLiteral("1"))});
        QVERIFY2(hb.ok(), qPrintable(hb.error().toString()));
        QTRY_VERIFY_WITH_TIMEOUT(hosts.index(mail1, HostsModel::Agent).data().toString().startsWith(QStringLiteral("alive")), 5000);
        QCOMPARE(hosts.index(mail1, HostsModel::Queue).data().toInt(), 4);
        QCOMPARE(hosts.index(mail1, HostsModel::Failures).data().toInt(), 1);
        QCOMPARE(hosts.index(mail1, HostsModel::Version).data().toString(), QStringLiteral("0.1.0"));
        // An old heartbeat reads as dead.
        QCOMPARE(HostsModel::agentState(QDateTime::currentDateTimeUtc().addSecs(-600), QDateTime::currentDateTimeUtc()),
                 HostsModel::AgentState::Dead);
        QCOMPARE(HostsModel::agentState(QDateTime::currentDateTimeUtc().addSecs(-120), QDateTime::currentDateTimeUtc()),
                 HostsModel::AgentState::Late);

        // A process is queued (core, as any operation does), then fails on its host.
        const int before = processes.rowCount();
        UserOps::UserSpec spec;
        spec.domain = QStringLiteral("example.org");
        spec.localPart = QStringLiteral("opsview");
        spec.surname = QStringLiteral("Ops");
        spec.password = QStringLiteral("a-Long-pass-1234");
        QVERIFY(UserOps::add(m_fx.otherSession(), spec).ok());
        QTRY_VERIFY_WITH_TIMEOUT(processes.rowCount() > before, 5000);
        const int row = processes.rowCount() - 1;
        const QString dn = processes.index(row, 0).data(LevelTableModel::DnRole).toString();
        QCOMPARE(processes.index(row, ProcessesModel::Status).data().toString(), QStringLiteral("new"));
        auto failed = m_fx.otherSession().modify(*LdapDn::parse(dn),
                                                 {LdapModification::replace(QStringLiteral("ispmanStatus"), QStringLiteral("error")),
                                                  LdapModification::replace(QStringLiteral("ispmanMessage"), QStringLiteral("disk full"))});
        QVERIFY2(failed.ok(), qPrintable(failed.error().toString()));
        QTRY_COMPARE_WITH_TIMEOUT(processes.index(row, ProcessesModel::Status).data().toString(), QStringLiteral("error"), 5000);
        QCOMPARE(processes.index(row, ProcessesModel::Message).data().toString(), QStringLiteral("disk full"));
        // Done: the agent deletes it, the row leaves.
        QVERIFY(m_fx.otherSession().remove(*LdapDn::parse(dn)).ok());
        QTRY_COMPARE_WITH_TIMEOUT(processes.rowCount(), row, 5000);
    }

private:
    Test::ConsoleFixture m_fx;
};

QTEST_MAIN(TestConsoleTree)
#include "tst_consoletree.moc"

// The console's main window offscreen against a real slapd: the tree opens on the domains,
// selecting an entry opens its editor, the ops view lists the hosts, a directory-wide search
// finds a user, the window updates when another client changes what it shows, and a
// screenshot is saved as a test artifact (build/test-artifacts/console-main.png).
#include "tests/console/consolefixture.h"

#include "console/entityeditor.h"
#include "console/mainwindow.h"
#include "console/opsview.h"
#include "console/treemodel.h"

#include "core/ops/userops.h"

#include <QDir>
#include <QLineEdit>
#include <QListWidget>
#include <QTabWidget>
#include <QTableView>
#include <QTreeView>

using namespace Isp;
using namespace Isp::Core;
using namespace Isp::Console;
using Isp::Test::findRow;

class TestConsoleWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { ISP_START_CONSOLE(m_fx); }

    void mainWindowEndToEnd()
    {
        MainWindow window(m_fx.context(), QStringLiteral("test"));
        window.resize(1280, 780);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTreeView *tree = window.tree();
        auto *proxy = tree->model();

        // The Domains › Primary folder is open at start and fills in.
        const QModelIndex domains = proxy->index(0, 0);
        QCOMPARE(domains.data().toString(), QStringLiteral("Domains"));
        QTRY_VERIFY_WITH_TIMEOUT(tree->isExpanded(domains), 5000);
        QModelIndex primary = findRow(*proxy, domains, QStringLiteral("Primary"));
        QVERIFY(primary.isValid());
        QTRY_VERIFY_WITH_TIMEOUT(findRow(*proxy, primary, QStringLiteral("example.com")).isValid(), 5000);
        const QModelIndex com = findRow(*proxy, primary, QStringLiteral("example.com"));
        tree->expand(com);
        const QModelIndex users = findRow(*proxy, com, QStringLiteral("Users"));
        QVERIFY(users.isValid());
        tree->expand(users);
        QTRY_VERIFY_WITH_TIMEOUT(findRow(*proxy, users, QStringLiteral("john@example.com")).isValid(), 5000);
        const QModelIndex websites = findRow(*proxy, com, QStringLiteral("Websites"));
        tree->expand(websites);
        const QModelIndex dns = findRow(*proxy, com, QStringLiteral("DNS"));
        tree->expand(dns);
        const QModelIndex hosts = findRow(*proxy, QModelIndex(), QStringLiteral("Hosts"));
        tree->expand(hosts);
        QTRY_VERIFY_WITH_TIMEOUT(proxy->rowCount(hosts) == 3, 5000);

        // Selecting a user opens its editor.
        tree->setCurrentIndex(findRow(*proxy, users, QStringLiteral("john@example.com")));
        QTRY_VERIFY_WITH_TIMEOUT(window.editor() != nullptr, 5000);
        QVERIFY(window.editor()->dn() == m_fx.dit().user(QStringLiteral("example.com"), QStringLiteral("john_example_com")));

        // Another client adds a user: it appears under Users, the selection stays on john.
        UserOps::UserSpec spec;
        spec.domain = QStringLiteral("example.com");
        spec.localPart = QStringLiteral("window");
        spec.surname = QStringLiteral("Window");
        spec.password = QStringLiteral("a-Long-pass-1234");
        QVERIFY(UserOps::add(m_fx.otherSession(), spec).ok());
        QTRY_VERIFY_WITH_TIMEOUT(findRow(*proxy, users, QStringLiteral("window@example.com")).isValid(), 5000);
        QCOMPARE(tree->currentIndex().data().toString(), QStringLiteral("john@example.com"));

        // Filter as you type keeps the matching rows and their parents.
        auto *filter = window.findChild<QLineEdit *>(QStringLiteral("filter"));
        QVERIFY(filter);
        QTest::keyClicks(filter, QStringLiteral("jane"));
        QTRY_COMPARE(proxy->rowCount(users), 1);
        filter->clear();
        QTRY_VERIFY(proxy->rowCount(users) >= 3);

        // Search the whole directory (levels not loaded too): alice is in example.org.
        window.search(QStringLiteral("alice"));
        auto *results = window.findChild<QListWidget *>(QStringLiteral("results"));
        QTRY_VERIFY_WITH_TIMEOUT(results->count() >= 1 && results->item(0)->text().startsWith(QStringLiteral("alice@example.org")), 5000);
        window.openDn(results->item(0)->data(Qt::UserRole).toString());
        QTRY_VERIFY_WITH_TIMEOUT(window.editor() && window.editor()->dn() == m_fx.dit().user(QStringLiteral("example.org"), QStringLiteral("alice_example_org")), 5000);

        // Back on john, take the screenshot of the main window.
        tree->setCurrentIndex(findRow(*proxy, users, QStringLiteral("john@example.com")));
        QTRY_VERIFY_WITH_TIMEOUT(window.editor() && window.editor()->dn() == m_fx.dit().user(QStringLiteral("example.com"), QStringLiteral("john_example_com")), 5000);
        QTest::qWait(300);
        QDir().mkpath(QStringLiteral(ISPMAN_ARTIFACTS_DIR));
        const QString shot = QStringLiteral(ISPMAN_ARTIFACTS_DIR "/console-main.png");
        QVERIFY(window.grab().save(shot));

        // The ops view lists the three sample hosts.
        window.tabs()->setCurrentWidget(window.opsView());
        auto *hostTable = window.opsView()->findChild<QTableView *>(QStringLiteral("hosts"));
        QTRY_COMPARE_WITH_TIMEOUT(hostTable->model()->rowCount(), 3, 5000);
        QTest::qWait(200);
        QVERIFY(window.grab().save(QStringLiteral(ISPMAN_ARTIFACTS_DIR "/console-ops.png")));
    }

private:
    Test::ConsoleFixture m_fx;
};

QTEST_MAIN(TestConsoleWindow)
#include "tst_consolewindow.moc"

// The console's website, web user and database editors against a real slapd with the sample
// ISP: what the widgets write is read back through another session with core's ops, core's
// refusals appear under the field they name and write nothing, and undo from the history
// brings the directory back.
#include "tests/console/consolefixture.h"

#include "console/editors/databaseeditor.h"
#include "console/editors/vhosteditor.h"
#include "console/editors/webcommands.h"
#include "console/editors/webusereditor.h"
#include "core/ops/databaseops.h"
#include "core/ops/dnsops.h"
#include "core/ops/hostops.h"
#include "core/ops/vhostops.h"

#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>

using namespace Isp;
using namespace Isp::Core;
using namespace Isp::Console;

namespace {

const QString Com = QStringLiteral("example.com");
const QString Web1 = QStringLiteral("web1.example.net");

template<typename T>
T *child(QWidget *parent, const char *name)
{
    T *w = parent->findChild<T *>(QLatin1String(name));
    if (!w)
        qWarning("no child %s", name);
    return w;
}

bool errorShown(QWidget *editor, const char *key, QString *text = nullptr)
{
    auto *label = editor->findChild<QLabel *>(QStringLiteral("error-") + QLatin1String(key));
    if (!label || label->isHidden())
        return false;
    if (text)
        *text = label->text();
    return true;
}

} // namespace

class TestConsoleWeb : public QObject
{
    Q_OBJECT

    Vhost site(const QString &name)
    {
        auto v = VhostOps::show(m_fx.otherSession(), Com, name);
        return v.ok() ? *v : Vhost();
    }

    // Waits for the next step of the history (a command or an undo) to finish.
    bool waitExecuted(QSignalSpy &spy, int count = 1)
    {
        return QTest::qWaitFor([&] { return spy.count() >= count; }, 15000);
    }

private Q_SLOTS:
    void initTestCase()
    {
        ISP_START_CONSOLE(m_fx);
        // The sample's host groups are empty (sample.ldif): DNS work (a website's records, a
        // local alias's CNAME) needs a DNS host to go to.
        auto member = HostOps::addMember(m_fx.otherSession(), QStringLiteral("dnsgroup"), QStringLiteral("ns1.example.net"));
        QVERIFY2(member.ok(), qPrintable(member.error().toString()));
    }

    void createsAWebsite()
    {
        VhostEditor editor(m_fx.context());
        QVERIFY(!editor.startNew(m_fx.dit().users(Com))); // not a website branch
        QVERIFY(editor.startNew(m_fx.dit().vhosts(Com)));
        auto *save = child<QPushButton>(&editor, "save");
        // The domain's default web host is where AddVirtualHost goes.
        QTRY_VERIFY_WITH_TIMEOUT(save->text().contains(Web1), 5000);
        QVERIFY(save->text().contains(QStringLiteral("AddVirtualHost")));

        child<QLineEdit>(&editor, "name")->setText(QStringLiteral("shop"));
        child<QLineEdit>(&editor, "documentRoot")->setText(QStringLiteral("public"));
        QSignalSpy loaded(&editor, &VhostEditor::loaded);
        save->click();
        QTRY_VERIFY_WITH_TIMEOUT(loaded.count() >= 1, 15000);

        const Vhost v = site(QStringLiteral("shop"));
        QCOMPARE(v.name, QStringLiteral("shop"));
        QCOMPARE(v.webHosts, QStringList{Web1});
        QCOMPARE(v.documentRoot, QStringLiteral("public"));
        QCOMPARE(editor.dn(), m_fx.dit().vhost(Com, QStringLiteral("shop")));
        QVERIFY(save->text().contains(QStringLiteral("ModifyVirtualHost")));
        QCOMPARE(child<QLineEdit>(&editor, "documentRoot")->text(), QStringLiteral("public"));
    }

    void badNameShowsCoresMessageAndWritesNothing()
    {
        const QString bad = QStringLiteral("bad_name!");
        VhostOps::VhostSpec spec;
        spec.domain = Com;
        spec.name = bad;
        auto expected = VhostOps::add(m_fx.otherSession(), spec);
        QVERIFY(!expected.ok());
        QCOMPARE(expected.error().field, QStringLiteral("name"));
        const qsizetype before = VhostOps::list(m_fx.otherSession(), Com)->size();

        VhostEditor editor(m_fx.context());
        QVERIFY(editor.startNew(m_fx.dit().vhosts(Com)));
        child<QLineEdit>(&editor, "name")->setText(bad);
        QSignalSpy failed(&m_fx.commands(), &CommandStack::failed);
        child<QPushButton>(&editor, "save")->click();
        QTRY_VERIFY_WITH_TIMEOUT(failed.count() == 1, 15000);
        QString text;
        QVERIFY(errorShown(&editor, "name", &text));
        QCOMPARE(text, expected.error().message);
        QCOMPARE(VhostOps::list(m_fx.otherSession(), Com)->size(), before);
    }

    void editAndUndo()
    {
        VhostEditor editor(m_fx.context());
        QSignalSpy loaded(&editor, &VhostEditor::loaded);
        editor.load(m_fx.dit().vhost(Com, QStringLiteral("www")));
        QTRY_VERIFY_WITH_TIMEOUT(loaded.count() >= 1, 10000);
        QCOMPARE(child<QLineEdit>(&editor, "documentRoot")->text(), QStringLiteral("htdocs"));
        QVERIFY(child<QPushButton>(&editor, "save")->text().contains(QStringLiteral("ModifyVirtualHost on ") + Web1));

        QSignalSpy executed(&m_fx.commands(), &CommandStack::executed);
        child<QLineEdit>(&editor, "documentRoot")->setText(QStringLiteral("web/root"));
        child<QLineEdit>(&editor, "ftpQuota")->setText(QStringLiteral("77"));
        child<QPushButton>(&editor, "save")->click();
        QVERIFY(waitExecuted(executed));
        Vhost v = site(QStringLiteral("www"));
        QCOMPARE(v.documentRoot, QStringLiteral("web/root"));
        QCOMPARE(v.ftpQuotaMBytes, 77);
        QVERIFY(m_fx.commands().undoStack()->canUndo());

        m_fx.commands().undoStack()->undo();
        QTRY_VERIFY_WITH_TIMEOUT(site(QStringLiteral("www")).documentRoot == QLatin1String("htdocs"), 10000);
        QCOMPARE(site(QStringLiteral("www")).ftpQuotaMBytes, 10); // the sample's
        // The editor follows the history.
        QTRY_COMPARE_WITH_TIMEOUT(child<QLineEdit>(&editor, "documentRoot")->text(), QStringLiteral("htdocs"), 10000);

        // Redo applies it again.
        executed.clear();
        m_fx.commands().undoStack()->redo();
        QTRY_VERIFY_WITH_TIMEOUT(site(QStringLiteral("www")).documentRoot == QLatin1String("web/root"), 10000);
        m_fx.commands().undoStack()->undo();
        QTRY_VERIFY_WITH_TIMEOUT(site(QStringLiteral("www")).documentRoot == QLatin1String("htdocs"), 10000);
    }

    void aliasAddAndUndo()
    {
        VhostEditor editor(m_fx.context());
        QSignalSpy loaded(&editor, &VhostEditor::loaded);
        editor.load(m_fx.dit().vhost(Com, QStringLiteral("www")));
        QTRY_VERIFY_WITH_TIMEOUT(loaded.count() >= 1, 10000);

        QSignalSpy executed(&m_fx.commands(), &CommandStack::executed);
        child<QLineEdit>(&editor, "aliasInput")->setText(QStringLiteral("blog"));
        child<QPushButton>(&editor, "addAlias")->click();
        QVERIFY(waitExecuted(executed));
        QVERIFY(site(QStringLiteral("www")).aliases.contains(QStringLiteral("blog")));
        QTRY_COMPARE_WITH_TIMEOUT(child<QListWidget>(&editor, "aliases")->count(), 1, 10000);
        auto hasCname = [this] {
            auto zone = DnsOps::showZone(m_fx.otherSession(), Com);
            for (const DnsRecord &r : zone->records) {
                if (r.name == QLatin1String("blog") && r.type == DnsRecordType::Cname)
                    return true;
            }
            return false;
        };
        QVERIFY(hasCname()); // the local alias's CNAME, written by core

        m_fx.commands().undoStack()->undo();
        QTRY_VERIFY_WITH_TIMEOUT(!site(QStringLiteral("www")).aliases.contains(QStringLiteral("blog")), 10000);
        QVERIFY(!hasCname());
        QTRY_COMPARE_WITH_TIMEOUT(child<QListWidget>(&editor, "aliases")->count(), 0, 10000);

        // A bad alias: core's message under the alias list, nothing written.
        child<QLineEdit>(&editor, "aliasInput")->setText(QStringLiteral("www.example.com"));
        QSignalSpy failed(&m_fx.commands(), &CommandStack::failed);
        child<QPushButton>(&editor, "addAlias")->click();
        QTRY_VERIFY_WITH_TIMEOUT(failed.count() == 1, 10000);
        QString text;
        QVERIFY(errorShown(&editor, "alias", &text));
        QVERIFY2(text.startsWith(QStringLiteral("alias:")), qPrintable(text));
    }

    void removedRedirectComesBackWithItsTarget()
    {
        const QString target = QStringLiteral("https://www.example.com/new");
        QVERIFY(VhostOps::addRedirect(m_fx.otherSession(), Com, QStringLiteral("www"), QStringLiteral("/old"), target).ok());
        VhostEditor editor(m_fx.context());
        QSignalSpy loaded(&editor, &VhostEditor::loaded);
        editor.load(m_fx.dit().vhost(Com, QStringLiteral("www")));
        QTRY_VERIFY_WITH_TIMEOUT(loaded.count() >= 1, 10000);
        auto *list = child<QListWidget>(&editor, "redirects");
        QCOMPARE(list->count(), 1);
        list->setCurrentRow(0);
        QSignalSpy executed(&m_fx.commands(), &CommandStack::executed);
        child<QPushButton>(&editor, "removeRedirect")->click();
        QVERIFY(waitExecuted(executed));
        QVERIFY(site(QStringLiteral("www")).redirects.isEmpty());

        m_fx.commands().undoStack()->undo();
        QTRY_VERIFY_WITH_TIMEOUT(site(QStringLiteral("www")).redirects.size() == 1, 10000);
        QCOMPARE(site(QStringLiteral("www")).redirects.first().target, target);
    }

    void suspendAndUndo()
    {
        VhostEditor editor(m_fx.context());
        QSignalSpy loaded(&editor, &VhostEditor::loaded);
        editor.load(m_fx.dit().vhost(Com, QStringLiteral("www")));
        QTRY_VERIFY_WITH_TIMEOUT(loaded.count() >= 1, 10000);
        QSignalSpy executed(&m_fx.commands(), &CommandStack::executed);
        child<QPushButton>(&editor, "suspend")->click();
        QVERIFY(waitExecuted(executed));
        QVERIFY(site(QStringLiteral("www")).suspended);
        QTRY_COMPARE_WITH_TIMEOUT(child<QPushButton>(&editor, "suspend")->text(), QObject::tr("Resume"), 10000);
        m_fx.commands().undoStack()->undo();
        QTRY_VERIFY_WITH_TIMEOUT(!site(QStringLiteral("www")).suspended, 10000);
    }

    void deletesAWebsite()
    {
        VhostEditor editor(m_fx.context());
        QSignalSpy loaded(&editor, &VhostEditor::loaded);
        editor.load(m_fx.dit().vhost(Com, QStringLiteral("shop")));
        QTRY_VERIFY_WITH_TIMEOUT(loaded.count() >= 1, 10000);
        QSignalSpy finished(&editor, &EntityEditor::finished);
        child<QPushButton>(&editor, "delete")->click();
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, 15000);
        QCOMPARE(VhostOps::show(m_fx.otherSession(), Com, QStringLiteral("shop")).error().kind, OpError::Kind::NotFound);
        // Not undoable: the history is cleared.
        QVERIFY(!m_fx.commands().undoStack()->canUndo());
    }

    void webUserCreatePasswordDelete()
    {
        WebUserEditor editor(m_fx.context());
        QVERIFY(editor.startNew(m_fx.dit().webUsers(Com)));
        child<QLineEdit>(&editor, "user")->setText(QStringLiteral("editor"));
        child<QLineEdit>(&editor, "password")->setText(QStringLiteral("short"));
        QSignalSpy failed(&m_fx.commands(), &CommandStack::failed);
        child<QPushButton>(&editor, "save")->click();
        QTRY_VERIFY_WITH_TIMEOUT(failed.count() == 1, 10000);
        QVERIFY(errorShown(&editor, "password"));

        QSignalSpy loaded(&editor, &WebUserEditor::loaded);
        child<QLineEdit>(&editor, "password")->setText(QStringLiteral("a-Long-pass-1234"));
        child<QPushButton>(&editor, "save")->click();
        QTRY_VERIFY_WITH_TIMEOUT(loaded.count() == 1, 10000);
        auto users = VhostOps::listWebUsers(m_fx.otherSession(), Com);
        QVERIFY(users.ok());
        QCOMPARE(users->size(), 1);
        QCOMPARE(users->first().userId, QStringLiteral("editor"));
        QCOMPARE(editor.dn(), WebUser::dn(m_fx.dit(), Com, QStringLiteral("editor")));

        QSignalSpy executed(&m_fx.commands(), &CommandStack::executed);
        child<QLineEdit>(&editor, "password")->setText(QStringLiteral("another-Long-pass-99"));
        child<QPushButton>(&editor, "save")->click(); // in edit mode: sets the password
        QVERIFY(waitExecuted(executed));
        QVERIFY(!errorShown(&editor, "password"));

        QSignalSpy finished(&editor, &EntityEditor::finished);
        child<QPushButton>(&editor, "delete")->click();
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, 10000);
        QVERIFY(VhostOps::listWebUsers(m_fx.otherSession(), Com)->isEmpty());
    }

    void databaseCreateEditUndo()
    {
        DatabaseEditor editor(m_fx.context());
        QVERIFY(editor.startNew(m_fx.dit().databases(Com)));
        auto *save = child<QPushButton>(&editor, "save");
        child<QLineEdit>(&editor, "name")->setText(QStringLiteral("shop"));
        child<QLineEdit>(&editor, "password")->setText(QStringLiteral("a-Long-pass-1234"));
        // The sample's domains name no database server and databasegroup is empty: name one.
        child<QLineEdit>(&editor, "dbHost")->setText(Web1);
        QVERIFY(save->text().contains(QStringLiteral("AddDatabase on ") + Web1));
        QSignalSpy loaded(&editor, &DatabaseEditor::loaded);
        save->click();
        QTRY_VERIFY_WITH_TIMEOUT(loaded.count() >= 1, 15000);
        auto db = DatabaseOps::show(m_fx.otherSession(), Com, QStringLiteral("shop"));
        QVERIFY2(db.ok(), qPrintable(db.error().toString()));
        QCOMPARE(db->name, QStringLiteral("example_com_shop"));
        QCOMPARE(db->host, Web1);
        QCOMPARE(editor.dn(), Database::dn(m_fx.dit(), Com, QStringLiteral("example_com_shop")));
        QVERIFY(save->text().contains(QStringLiteral("UpdateDatabase on ") + Web1));
        const QStringList oldAccess = db->accessFrom;

        // A bad pattern: core's message under the field.
        QSignalSpy failed(&m_fx.commands(), &CommandStack::failed);
        child<QLineEdit>(&editor, "accessFrom")->setText(QStringLiteral("bad host!"));
        save->click();
        QTRY_VERIFY_WITH_TIMEOUT(failed.count() == 1, 10000);
        QVERIFY(errorShown(&editor, "access-from"));
        QCOMPARE(DatabaseOps::show(m_fx.otherSession(), Com, QStringLiteral("shop"))->accessFrom, oldAccess);

        QSignalSpy executed(&m_fx.commands(), &CommandStack::executed);
        const QStringList wanted{QStringLiteral("localhost"), QStringLiteral("10.0.0.%")};
        child<QLineEdit>(&editor, "accessFrom")->setText(wanted.join(QStringLiteral(", ")));
        save->click();
        QVERIFY(waitExecuted(executed));
        QCOMPARE(DatabaseOps::show(m_fx.otherSession(), Com, QStringLiteral("shop"))->accessFrom, wanted);

        m_fx.commands().undoStack()->undo();
        QTRY_VERIFY_WITH_TIMEOUT(DatabaseOps::show(m_fx.otherSession(), Com, QStringLiteral("shop"))->accessFrom == oldAccess, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(child<QLineEdit>(&editor, "accessFrom")->text(), oldAccess.join(QStringLiteral(" ")), 10000);

        QSignalSpy finished(&editor, &EntityEditor::finished);
        child<QPushButton>(&editor, "delete")->click();
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, 10000);
        QCOMPARE(DatabaseOps::show(m_fx.otherSession(), Com, QStringLiteral("shop")).error().kind, OpError::Kind::NotFound);
    }

    void commandsWithoutWidgets()
    {
        // The builders alone: a protection added and undone, as a script would.
        auto r = m_fx.execute(WebCommands::addVhostProtection(Com, QStringLiteral("www"), QStringLiteral("/private"),
                                                              {QStringLiteral("john")}));
        QVERIFY2(r.ok(), qPrintable(r.error().toString()));
        QCOMPARE(site(QStringLiteral("www")).protections.size(), 1);
        r = m_fx.execute(WebCommands::removeVhostProtection(Com, QStringLiteral("www"), QStringLiteral("/private")));
        QVERIFY2(r.ok(), qPrintable(r.error().toString()));
        QVERIFY(site(QStringLiteral("www")).protections.isEmpty());
        m_fx.commands().undoStack()->undo();
        QTRY_VERIFY_WITH_TIMEOUT(site(QStringLiteral("www")).protections.size() == 1, 10000);
        QCOMPARE(site(QStringLiteral("www")).protections.first().users, QStringList{QStringLiteral("john")});
    }

private:
    Test::ConsoleFixture m_fx;
};

QTEST_MAIN(TestConsoleWeb)
#include "tst_consoleweb.moc"

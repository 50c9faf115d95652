// The infrastructure editors against a real slapd: hosts (create, core's field error, edit +
// undo, the agent box following a heartbeat another client writes), host-group members +
// undo, a failed process retried from its editor and its "done" when the entry goes,
// resellers and clients (edit, status, move, each undone), configuration variables (set +
// undo, a refused value with core's message) and administrators (edit + undo).
// Every check reads the directory back through a second session.
#include "console/editors/admineditor.h"
#include "console/editors/confeditor.h"
#include "console/editors/hosteditor.h"
#include "console/editors/hostgroupeditor.h"
#include "console/editors/infracommands.h"
#include "console/editors/processeditor.h"
#include "console/editors/tenanteditor.h"
#include "core/ops/adminops.h"
#include "core/ops/confops.h"
#include "core/ops/hostops.h"
#include "core/ops/processops.h"
#include "core/ops/processqueue.h"
#include "core/ops/tenantops.h"
#include "core/ops/transaction.h"
#include "tests/console/consolefixture.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

using namespace Isp;
using namespace Isp::Core;
using namespace Isp::Console;

namespace {

template<typename T> T *widget(QWidget &parent, const QString &name)
{
    return parent.findChild<T *>(name);
}

QLabel *errorLabel(QWidget &parent, const QString &key)
{
    return parent.findChild<QLabel *>(QStringLiteral("error-") + key);
}

bool errorShown(QWidget &parent, const QString &key, const QString &message)
{
    QLabel *l = errorLabel(parent, key);
    return l && !l->isHidden() && l->text() == message;
}

} // namespace

class TestConsoleInfra : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        ISP_START_CONSOLE(m_fx);
        // An undo that fails says why in the log (the history is cleared then).
        connect(&m_fx.commands(), &CommandStack::failed, this, [](const QString &text, const OpError &error) {
            qWarning("%s failed: %s", qPrintable(text), qPrintable(error.toString()));
        });
    }

    void createsAHostThroughTheForm()
    {
        HostEditor editor(m_fx.context());
        editor.show();
        QVERIFY(editor.startNew(m_fx.dit().hosts()));
        QVERIFY(!editor.startNew(m_fx.dit().admins()));
        widget<QLineEdit>(editor, QStringLiteral("name"))->setText(QStringLiteral("web2.example.net"));
        widget<QLineEdit>(editor, QStringLiteral("ip"))->setText(QStringLiteral("192.0.2.31"));
        widget<QLineEdit>(editor, QStringLiteral("aliases"))->setText(QStringLiteral("www2.example.net"));
        widget<QLineEdit>(editor, QStringLiteral("groups"))->setText(QStringLiteral("httpgroup"));
        widget<QPushButton>(editor, QStringLiteral("save"))->click();
        QTRY_VERIFY_WITH_TIMEOUT(HostOps::show(m_fx.otherSession(), QStringLiteral("web2.example.net")).ok(), 10000);
        auto h = HostOps::show(m_fx.otherSession(), QStringLiteral("web2.example.net"));
        QCOMPARE(h->ip, QStringLiteral("192.0.2.31"));
        QCOMPARE(h->aliases, QStringList { QStringLiteral("www2.example.net") });
        QVERIFY(h->groups.contains(QStringLiteral("httpgroup")));
        // The editor goes on with the host it created.
        QTRY_COMPARE_WITH_TIMEOUT(editor.dn(), m_fx.dit().host(QStringLiteral("web2.example.net")), 5000);
        QVERIFY(editor.title().contains(QStringLiteral("web2.example.net")));
    }

    void badHostNameShowsCoresMessage()
    {
        HostEditor editor(m_fx.context());
        editor.show();
        QVERIFY(editor.startNew(m_fx.dit().hosts()));
        const QString bad = QStringLiteral("not a host!");
        widget<QLineEdit>(editor, QStringLiteral("name"))->setText(bad);
        widget<QPushButton>(editor, QStringLiteral("save"))->click();
        HostOps::HostSpec spec;
        spec.name = bad;
        auto refused = HostOps::add(m_fx.otherSession(), spec);
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().field, QStringLiteral("name"));
        QTRY_VERIFY_WITH_TIMEOUT(errorShown(editor, QStringLiteral("name"), refused.error().message), 10000);
    }

    void editsAHostAndUndoes()
    {
        const QString name = QStringLiteral("web1.example.net");
        auto before = HostOps::show(m_fx.otherSession(), name);
        QVERIFY(before.ok());
        HostEditor editor(m_fx.context());
        editor.show();
        editor.load(m_fx.dit().host(name));
        auto *ip = widget<QLineEdit>(editor, QStringLiteral("ip"));
        QTRY_COMPARE_WITH_TIMEOUT(ip->text(), before->ip, 5000);
        ip->setText(QStringLiteral("192.0.2.99"));
        widget<QLineEdit>(editor, QStringLiteral("info"))->setText(QStringLiteral("Edited from the console"));
        widget<QPushButton>(editor, QStringLiteral("save"))->click();
        QTRY_COMPARE_WITH_TIMEOUT(HostOps::show(m_fx.otherSession(), name)->ip, QStringLiteral("192.0.2.99"), 10000);
        QCOMPARE(HostOps::show(m_fx.otherSession(), name)->info, QStringLiteral("Edited from the console"));

        QVERIFY(undo());
        QTRY_COMPARE_WITH_TIMEOUT(HostOps::show(m_fx.otherSession(), name)->ip, before->ip, 10000);
        QCOMPARE(HostOps::show(m_fx.otherSession(), name)->info, before->info);
        // The form follows the undo through the live view.
        QTRY_COMPARE_WITH_TIMEOUT(ip->text(), before->ip, 5000);
    }

    void agentBoxFollowsTheHeartbeat()
    {
        const QString name = QStringLiteral("mail1.example.net");
        HostEditor editor(m_fx.context());
        editor.show();
        editor.load(m_fx.dit().host(name));
        auto *alive = widget<QLabel>(editor, QStringLiteral("agentAlive"));
        auto *queue = widget<QLabel>(editor, QStringLiteral("agentQueue"));
        QVERIFY(alive && queue);
        QTRY_COMPARE_WITH_TIMEOUT(alive->text(), QStringLiteral("never seen"), 5000);

        // What core/model/host.cpp reads, written as the agent writes it (agent/agent.cpp).
        const QList<LdapModification> heartbeat {
            LdapModification::replace(
                QStringLiteral("ispmanAgentHeartbeat"), toGeneralizedTime(QDateTime::currentDateTimeUtc())),
            LdapModification::replace(QStringLiteral("ispmanAgentVersion"), QStringLiteral("9.9.9")),
            LdapModification::replace(QStringLiteral("ispmanAgentState"), QStringLiteral("alive")),
            LdapModification::replace(QStringLiteral("ispmanAgentQueueDepth"), QStringLiteral("7")),
            LdapModification::replace(QStringLiteral("ispmanAgentFailures"), QStringLiteral("2")),
            LdapModification::replace(QStringLiteral("ispmanAgentLastError"), QStringLiteral("dovecot: reload failed")),
        };
        auto written = m_fx.otherSession().modify(m_fx.dit().host(name), heartbeat);
        QVERIFY2(written.ok(), qPrintable(written.error().toString()));
        QTRY_COMPARE_WITH_TIMEOUT(alive->text(), QStringLiteral("alive"), 5000);
        QTRY_COMPARE_WITH_TIMEOUT(queue->text(), QStringLiteral("7"), 5000);
        QCOMPARE(widget<QLabel>(editor, QStringLiteral("agentVersion"))->text(), QStringLiteral("9.9.9"));
        QCOMPARE(widget<QLabel>(editor, QStringLiteral("agentFailures"))->text(), QStringLiteral("2"));
        QCOMPARE(
            widget<QLabel>(editor, QStringLiteral("agentLastError"))->text(), QStringLiteral("dovecot: reload failed"));

        // Ages: the thresholds the box uses.
        const QDateTime now = QDateTime::currentDateTimeUtc();
        QCOMPARE(HostEditor::liveness(now.addSecs(-60), now), HostEditor::Liveness::Alive);
        QCOMPARE(HostEditor::liveness(now.addSecs(-61), now), HostEditor::Liveness::Late);
        QCOMPARE(HostEditor::liveness(now.addSecs(-300), now), HostEditor::Liveness::Late);
        QCOMPARE(HostEditor::liveness(now.addSecs(-301), now), HostEditor::Liveness::Dead);
        QCOMPARE(HostEditor::liveness(QDateTime(), now), HostEditor::Liveness::Never);
    }

    void hostGroupMemberAndUndo()
    {
        const QString host = QStringLiteral("ns1.example.net");
        auto groups = HostOps::listGroups(m_fx.otherSession());
        QVERIFY(groups.ok());
        QString group;
        for (const HostGroup &g : std::as_const(*groups)) {
            if (!g.members.contains(host))
                group = g.name;
        }
        QVERIFY(!group.isEmpty());
        HostGroupEditor editor(m_fx.context());
        editor.show();
        editor.load(m_fx.dit().hostGroup(group));
        auto *choice = widget<QComboBox>(editor, QStringLiteral("hostChoice"));
        QTRY_VERIFY_WITH_TIMEOUT(choice->findText(host) >= 0, 5000);
        choice->setCurrentIndex(choice->findText(host));
        widget<QPushButton>(editor, QStringLiteral("addMember"))->click();
        QTRY_VERIFY_WITH_TIMEOUT(HostOps::showGroup(m_fx.otherSession(), group)->members.contains(host), 10000);

        QVERIFY(undo());
        QTRY_VERIFY_WITH_TIMEOUT(!HostOps::showGroup(m_fx.otherSession(), group)->members.contains(host), 10000);
        QVERIFY(redo());
        QTRY_VERIFY_WITH_TIMEOUT(HostOps::showGroup(m_fx.otherSession(), group)->members.contains(host), 10000);
        QVERIFY(undo());
        QTRY_VERIFY_WITH_TIMEOUT(!HostOps::showGroup(m_fx.otherSession(), group)->members.contains(host), 10000);
    }

    void failedProcessIsRetriedAndEndsDone()
    {
        DirectorySession &other = m_fx.otherSession();
        const LdapDn john = m_fx.dit().user(QStringLiteral("example.com"), QStringLiteral("john_example_com"));
        auto read = other.read(john, { QStringLiteral("entryUUID") });
        QVERIFY(read.ok() && read->has_value());
        ProcessRequest request;
        request.name = QStringLiteral("modifyMailbox");
        request.domain = QStringLiteral("example.com");
        request.target = john;
        request.targetUuid = (*read)->value(QStringLiteral("entryUUID"));
        QList<LdapDn> queued;
        {
            Transaction tx(other);
            auto r = enqueueProcess(tx, request, { QStringLiteral("mail1.example.net") });
            QVERIFY2(r.ok(), qPrintable(r.error().toString()));
            queued = *r;
            tx.commit();
        }
        QCOMPARE(queued.size(), 1);
        const LdapDn dn = queued.first();
        const QString pid = dn.rdnValue();
        const QString why = QStringLiteral("mailbox store unreachable");
        auto failed = other.modify(dn,
            { LdapModification::replace(QStringLiteral("ispmanStatus"), QStringLiteral("error")),
                LdapModification::replace(QStringLiteral("ispmanMessage"), why) });
        QVERIFY2(failed.ok(), qPrintable(failed.error().toString()));

        ProcessEditor editor(m_fx.context());
        editor.show();
        QSignalSpy finished(&editor, &EntityEditor::finished);
        editor.load(dn);
        QTRY_COMPARE_WITH_TIMEOUT(widget<QLabel>(editor, QStringLiteral("message"))->text(), why, 5000);
        QCOMPARE(widget<QLabel>(editor, QStringLiteral("status"))->text(), QStringLiteral("error"));
        QCOMPARE(widget<QLabel>(editor, QStringLiteral("host"))->text(), QStringLiteral("mail1.example.net"));
        auto *retry = widget<QPushButton>(editor, QStringLiteral("retry"));
        QVERIFY(retry->isEnabled());
        retry->click();
        QTRY_COMPARE_WITH_TIMEOUT(ProcessOps::show(other, pid)->status, QStringLiteral("new"), 10000);
        QVERIFY(ProcessOps::show(other, pid)->message.isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(
            widget<QLabel>(editor, QStringLiteral("status"))->text(), QStringLiteral("new"), 5000);
        QVERIFY(!retry->isEnabled());

        // The agent finishes it: the entry goes, the editor says done.
        QVERIFY(ProcessOps::remove(other, pid).ok());
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 5000);
        QCOMPARE(widget<QLabel>(editor, QStringLiteral("status"))->text(), QStringLiteral("done"));
    }

    void resellerEditStatusAndUndo()
    {
        DirectorySession &other = m_fx.otherSession();
        auto before = TenantOps::showReseller(other, 1);
        QVERIFY(before.ok());
        ResellerEditor editor(m_fx.context());
        editor.show();
        editor.load(m_fx.dit().reseller(1));
        auto *name = widget<QLineEdit>(editor, QStringLiteral("name"));
        QTRY_COMPARE_WITH_TIMEOUT(name->text(), before->name, 5000);
        name->setText(QStringLiteral("Renamed Reseller"));
        widget<QLineEdit>(editor, QStringLiteral("city"))->setText(QStringLiteral("Bern"));
        widget<QPushButton>(editor, QStringLiteral("save"))->click();
        QTRY_COMPARE_WITH_TIMEOUT(TenantOps::showReseller(other, 1)->name, QStringLiteral("Renamed Reseller"), 10000);
        QCOMPARE(TenantOps::showReseller(other, 1)->contact.locality, QStringLiteral("Bern"));
        QVERIFY(undo());
        QTRY_COMPARE_WITH_TIMEOUT(TenantOps::showReseller(other, 1)->name, before->name, 10000);
        QCOMPARE(TenantOps::showReseller(other, 1)->contact.locality, before->contact.locality);

        // A refused maximum shows core's message under its field.
        widget<QLineEdit>(editor, QStringLiteral("max-clients"))->setText(QStringLiteral("many"));
        widget<QPushButton>(editor, QStringLiteral("save"))->click();
        TenantOps::ResellerChange bad;
        bad.maxClients = QStringLiteral("many");
        auto refused = TenantOps::editReseller(other, 1, bad);
        QVERIFY(!refused.ok());
        QTRY_VERIFY_WITH_TIMEOUT(errorShown(editor, QStringLiteral("max-clients"), refused.error().message), 10000);

        QCOMPARE(before->status, TenantStatus::Active);
        widget<QPushButton>(editor, QStringLiteral("toggleStatus"))->click();
        QTRY_COMPARE_WITH_TIMEOUT(TenantOps::showReseller(other, 1)->status, TenantStatus::Suspended, 10000);
        QVERIFY(undo());
        QTRY_COMPARE_WITH_TIMEOUT(TenantOps::showReseller(other, 1)->status, TenantStatus::Active, 10000);
    }

    void clientEditAndUndo()
    {
        DirectorySession &other = m_fx.otherSession();
        auto before = TenantOps::showClient(other, 1);
        QVERIFY(before.ok());
        ClientEditor editor(m_fx.context());
        editor.show();
        editor.load(m_fx.dit().client(before->resellerId, 1));
        auto *mail = widget<QLineEdit>(editor, QStringLiteral("mail"));
        auto *limit = widget<QLineEdit>(editor, QStringLiteral("max-domains"));
        QTRY_COMPARE_WITH_TIMEOUT(limit->text(), QString::number(before->maxDomains), 5000);
        mail->setText(QStringLiteral("billing@example.com"));
        limit->setText(QStringLiteral("12"));
        widget<QPushButton>(editor, QStringLiteral("save"))->click();
        QTRY_COMPARE_WITH_TIMEOUT(TenantOps::showClient(other, 1)->maxDomains, 12, 10000);
        QCOMPARE(TenantOps::showClient(other, 1)->contact.mail, QStringLiteral("billing@example.com"));
        QVERIFY(undo());
        QTRY_COMPARE_WITH_TIMEOUT(TenantOps::showClient(other, 1)->maxDomains, before->maxDomains, 10000);
        QCOMPARE(TenantOps::showClient(other, 1)->contact.mail, before->contact.mail);
    }

    void clientMoveAndUndo()
    {
        DirectorySession &other = m_fx.otherSession();
        TenantOps::ResellerSpec spec;
        spec.name = QStringLiteral("Second Reseller");
        auto second = TenantOps::addReseller(other, spec);
        QVERIFY2(second.ok(), qPrintable(second.error().toString()));
        auto before = TenantOps::showClient(other, 1);
        QVERIFY(before.ok());
        QVERIFY(before->resellerId != second->id);

        ClientEditor editor(m_fx.context());
        editor.show();
        editor.load(m_fx.dit().client(before->resellerId, 1));
        auto *moveTo = widget<QComboBox>(editor, QStringLiteral("moveTo"));
        QTRY_VERIFY_WITH_TIMEOUT(moveTo->findData(second->id) >= 0, 5000);
        moveTo->setCurrentIndex(moveTo->findData(second->id));
        widget<QPushButton>(editor, QStringLiteral("move"))->click();
        QTRY_COMPARE_WITH_TIMEOUT(TenantOps::showClient(other, 1)->resellerId, second->id, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(editor.dn(), m_fx.dit().client(second->id, 1), 5000);

        QVERIFY(undo());
        QTRY_COMPARE_WITH_TIMEOUT(TenantOps::showClient(other, 1)->resellerId, before->resellerId, 10000);
        // The editor finds the client again below its old reseller.
        QTRY_COMPARE_WITH_TIMEOUT(editor.dn(), m_fx.dit().client(before->resellerId, 1), 5000);
    }

    void confSetUndoAndRefusedValue()
    {
        DirectorySession &other = m_fx.otherSession();
        const QString name = QStringLiteral("defaultUserMailQuota");
        auto before = ConfOps::get(other, name);
        QVERIFY2(before.ok(), qPrintable(before.error().toString()));
        ConfEditor editor(m_fx.context());
        editor.show();
        editor.load(m_fx.dit().confVar(before->module, name));
        auto *value = widget<QLineEdit>(editor, QStringLiteral("value"));
        QTRY_COMPARE_WITH_TIMEOUT(value->text(), before->value, 5000);
        QVERIFY(!widget<QLabel>(editor, QStringLiteral("rule"))->text().isEmpty());
        value->setText(QStringLiteral("75"));
        widget<QPushButton>(editor, QStringLiteral("save"))->click();
        QTRY_COMPARE_WITH_TIMEOUT(ConfOps::get(other, name)->value, QStringLiteral("75"), 10000);
        QVERIFY(undo());
        QTRY_COMPARE_WITH_TIMEOUT(ConfOps::get(other, name)->value, before->value, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(value->text(), before->value, 5000);

        value->setText(QStringLiteral("lots"));
        widget<QPushButton>(editor, QStringLiteral("save"))->click();
        auto refused = ConfOps::set(other, name, QStringLiteral("lots"));
        QVERIFY(!refused.ok());
        QTRY_VERIFY_WITH_TIMEOUT(errorShown(editor, QStringLiteral("value"), refused.error().message), 10000);
        QCOMPARE(ConfOps::get(other, name)->value, before->value);
    }

    void adminEditAndUndo()
    {
        DirectorySession &other = m_fx.otherSession();
        AdminOps::AdminSpec spec;
        spec.uid = QStringLiteral("operator1");
        spec.level = QStringLiteral("30");
        auto added = AdminOps::add(other, spec);
        QVERIFY2(added.ok(), qPrintable(added.error().toString()));
        AdminEditor editor(m_fx.context());
        editor.show();
        editor.load(m_fx.dit().admin(QStringLiteral("operator1")));
        auto *level = widget<QLineEdit>(editor, QStringLiteral("level"));
        QTRY_COMPARE_WITH_TIMEOUT(level->text(), QStringLiteral("30"), 5000);
        level->setText(QStringLiteral("50"));
        widget<QLineEdit>(editor, QStringLiteral("cn"))->setText(QStringLiteral("Night Operator"));
        widget<QPushButton>(editor, QStringLiteral("save"))->click();
        QTRY_COMPARE_WITH_TIMEOUT(AdminOps::show(other, QStringLiteral("operator1"))->level, 50, 10000);
        QCOMPARE(AdminOps::show(other, QStringLiteral("operator1"))->cn, QStringLiteral("Night Operator"));
        QVERIFY(undo());
        QTRY_COMPARE_WITH_TIMEOUT(AdminOps::show(other, QStringLiteral("operator1"))->level, 30, 10000);
        QCOMPARE(AdminOps::show(other, QStringLiteral("operator1"))->cn, added->cn);

        // A level out of range: core's message under the field.
        level->setText(QStringLiteral("101"));
        widget<QPushButton>(editor, QStringLiteral("save"))->click();
        AdminOps::AdminChange bad;
        bad.level = QStringLiteral("101");
        auto refused = AdminOps::edit(other, QStringLiteral("operator1"), bad);
        QVERIFY(!refused.ok());
        QTRY_VERIFY_WITH_TIMEOUT(errorShown(editor, QStringLiteral("level"), refused.error().message), 10000);
    }

private:
    // Undo only once the command is in the history: the directory can show a write before the
    // console's own answer (which waits for the live view) has pushed it.
    bool undo()
    {
        if (!QTest::qWaitFor(
                [this] { return !m_fx.commands().isRunning() && m_fx.commands().undoStack()->canUndo(); }, 10000))
            return false;
        m_fx.commands().undoStack()->undo();
        return true;
    }
    bool redo()
    {
        if (!QTest::qWaitFor(
                [this] { return !m_fx.commands().isRunning() && m_fx.commands().undoStack()->canRedo(); }, 10000))
            return false;
        m_fx.commands().undoStack()->redo();
        return true;
    }

    Test::ConsoleFixture m_fx;
};

QTEST_MAIN(TestConsoleInfra)
#include "tst_consoleinfra.moc"

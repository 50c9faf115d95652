// The console's domain, mail user and mail group editors and their commands against a real
// slapd: forms filled by object name and saved write through core (read back with core ops from
// another session); core's refusals show under the field they name and write nothing; every
// undoable step is undone (and redone) through the QUndoStack back to the exact old state; what
// cannot be undone clears the history; an administrator below the needed level gets core's
// refusal in the form.
#include "tests/console/consolefixture.h"

#include "console/editors/domaineditor.h"
#include "console/editors/mailcommands.h"
#include "console/editors/mailgroupeditor.h"
#include "console/editors/usereditor.h"
#include "core/ops/adminops.h"
#include "core/ops/domainops.h"
#include "core/ops/mailgroupops.h"
#include "core/ops/userops.h"
#include "core/validation/mailaddress.h"
#include "core/validation/number.h"

#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>

using namespace Isp;
using namespace Isp::Core;
using namespace Isp::Console;

namespace {

const QString kCom = QStringLiteral("example.com");
constexpr int kWait = 8000;

template<typename T = QLineEdit>
T *child(QWidget *editor, const QString &name)
{
    T *w = editor->findChild<T *>(name);
    if (!w)
        qWarning("no child %s", qPrintable(name));
    return w;
}

void type(QWidget *editor, const QString &name, const QString &text)
{
    QLineEdit *e = child(editor, name);
    e->setText(text);
    Q_EMIT e->editingFinished();
}

QString errorText(QWidget *editor, const QString &key)
{
    auto *l = child<QLabel>(editor, QStringLiteral("error-") + key);
    return l && !l->isHidden() ? l->text() : QString();
}

QPushButton *saveOf(QWidget *editor)
{
    return child<QPushButton>(editor, QStringLiteral("save"));
}

void selectItem(QWidget *editor, const QString &list, const QString &text)
{
    auto *w = child<QListWidget>(editor, list);
    const auto items = w->findItems(text, Qt::MatchFixedString);
    if (!items.isEmpty())
        w->setCurrentItem(items.first());
}

} // namespace

class TestConsoleMail : public QObject
{
    Q_OBJECT

private:
    Test::ConsoleFixture m_fx;

    DirectorySession &other() { return m_fx.otherSession(); }
    QUndoStack *history() { return m_fx.commands().undoStack(); }
    MailUser user(const QString &address)
    {
        auto u = UserOps::show(other(), address);
        return u.ok() ? *u : MailUser();
    }
    MailGroup group(const QString &address)
    {
        auto g = MailGroupOps::show(other(), address);
        return g.ok() ? *g : MailGroup();
    }
    Domain domain(const QString &name)
    {
        auto d = DomainOps::show(other(), name);
        return d.ok() ? d->domain : Domain();
    }

private Q_SLOTS:
    void initTestCase() { ISP_START_CONSOLE(m_fx); }

    void createsUserThroughTheForm()
    {
        UserEditor ed(m_fx.context());
        QVERIFY(!ed.startNew(m_fx.dit().users(kCom).parent())); // not a users branch
        QVERIFY(ed.startNew(m_fx.dit().users(kCom)));
        // The Save button says what core will queue, and where (domain defaults of example.com).
        QTRY_COMPARE_WITH_TIMEOUT(saveOf(&ed)->text(),
                                  QStringLiteral("Save — queues createHomeDirectory on web1.example.net and createMailbox on mail1.example.net"),
                                  kWait);
        type(&ed, QStringLiteral("user"), QStringLiteral("newbie"));
        type(&ed, QStringLiteral("given-name"), QStringLiteral("Nora"));
        type(&ed, QStringLiteral("surname"), QStringLiteral("Newbie"));
        type(&ed, QStringLiteral("password"), QStringLiteral("a-Long-pass-1234"));
        type(&ed, QStringLiteral("mail-quota"), QStringLiteral("75"));
        child<QPushButton>(&ed, QStringLiteral("save"))->click();
        // On success the editor shows what it created.
        QTRY_COMPARE_WITH_TIMEOUT(ed.user().address, QStringLiteral("newbie@example.com"), kWait);
        QCOMPARE(ed.dn(), m_fx.dit().user(kCom, QStringLiteral("newbie_example_com")));
        const MailUser u = user(QStringLiteral("newbie@example.com"));
        QCOMPARE(u.surname, QStringLiteral("Newbie"));
        QCOMPARE(u.givenName, QStringLiteral("Nora"));
        QCOMPARE(u.mailQuotaKiB, qint64(75 * 1024));
        QCOMPARE(u.mailHost, QStringLiteral("mail1.example.net"));

        // Deleting cannot be undone (the mailbox goes): it empties the history.
        QVERIFY(history()->count() > 0);
        QSignalSpy finished(&ed, &EntityEditor::finished);
        child<QPushButton>(&ed, QStringLiteral("delete"))->click();
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() >= 1, kWait);
        QCOMPARE(int(UserOps::show(other(), QStringLiteral("newbie@example.com")).error().kind), int(OpError::Kind::NotFound));
        QCOMPARE(history()->count(), 0);
    }

    void badInputShowsCoresMessage_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("message");
        QTest::newRow("quota -5") << QStringLiteral("mail-quota") << QStringLiteral("-5")
                                  << Validate::quotaMegabytes(QStringLiteral("mail-quota"), QStringLiteral("-5"), Validate::Unlimited::Rejected).error().message;
        QTest::newRow("local part") << QStringLiteral("user") << QStringLiteral("bad local!")
                                    << Validate::mailboxLocalPart(QStringLiteral("user"), QStringLiteral("bad local!")).error().message;
        QTest::newRow("ftp quota") << QStringLiteral("ftp-quota") << QStringLiteral("lots")
                                   << Validate::quotaMegabytes(QStringLiteral("ftp-quota"), QStringLiteral("lots"), Validate::Unlimited::Rejected).error().message;
    }

    void badInputShowsCoresMessage()
    {
        QFETCH(QString, field);
        QFETCH(QString, value);
        QFETCH(QString, message);
        QVERIFY(!message.isEmpty());
        const qsizetype before = UserOps::list(other(), kCom)->size();
        UserEditor ed(m_fx.context());
        QVERIFY(ed.startNew(m_fx.dit().users(kCom)));
        type(&ed, QStringLiteral("user"), QStringLiteral("wrong"));
        type(&ed, QStringLiteral("surname"), QStringLiteral("Wrong"));
        type(&ed, field, value);
        saveOf(&ed)->click();
        QTRY_COMPARE_WITH_TIMEOUT(errorText(&ed, field), message, kWait);
        QVERIFY(child<QLabel>(&ed, QStringLiteral("banner"))->isHidden());
        QCOMPARE(UserOps::list(other(), kCom)->size(), before);
        QVERIFY(ed.isNew()); // still the form, to correct it
    }

    void editIsUndoneAndRedone()
    {
        const QString john = QStringLiteral("john@example.com");
        const MailUser old = user(john);
        UserEditor ed(m_fx.context());
        ed.load(m_fx.dit().user(kCom, QStringLiteral("john_example_com")));
        QTRY_COMPARE_WITH_TIMEOUT(ed.user().address, john, kWait);
        QCOMPARE(child(&ed, QStringLiteral("surname"))->text(), old.surname);
        // Only moving the mailbox queues work: the button says so, for the hosts core would use.
        QCOMPARE(saveOf(&ed)->text(), QStringLiteral("Save"));
        type(&ed, QStringLiteral("mail-host"), QStringLiteral("web1.example.net"));
        QTRY_COMPARE_WITH_TIMEOUT(saveOf(&ed)->text(),
                                  QStringLiteral("Save — queues deleteMailbox on mail1.example.net and createMailbox on web1.example.net"), kWait);
        type(&ed, QStringLiteral("mail-host"), old.mailHost);
        QTRY_COMPARE_WITH_TIMEOUT(saveOf(&ed)->text(), QStringLiteral("Save"), kWait);

        type(&ed, QStringLiteral("surname"), QStringLiteral("Smyth"));
        type(&ed, QStringLiteral("mail-quota"), QStringLiteral("80"));
        const int steps = history()->count();
        saveOf(&ed)->click();
        QTRY_COMPARE_WITH_TIMEOUT(user(john).surname, QStringLiteral("Smyth"), kWait);
        QCOMPARE(user(john).mailQuotaKiB, qint64(80 * 1024));
        QCOMPARE(user(john).givenName, old.givenName); // not sent: unchanged in the form
        QTRY_COMPARE_WITH_TIMEOUT(history()->count(), steps + 1, kWait);

        history()->undo();
        QTRY_COMPARE_WITH_TIMEOUT(user(john).surname, old.surname, kWait);
        QCOMPARE(user(john).mailQuotaKiB, old.mailQuotaKiB);
        QCOMPARE(user(john).commonName(), old.commonName());
        // The form follows once the undo is through (the live view shows it, the editor rereads)
        // only for loaded levels; reloading shows the old state in any case.
        ed.load(ed.dn());
        QTRY_COMPARE_WITH_TIMEOUT(child(&ed, QStringLiteral("surname"))->text(), old.surname, kWait);

        history()->redo();
        QTRY_COMPARE_WITH_TIMEOUT(user(john).surname, QStringLiteral("Smyth"), kWait);
        history()->undo();
        QTRY_COMPARE_WITH_TIMEOUT(user(john).surname, old.surname, kWait);
    }

    void aliasAddIsUndone()
    {
        const QString jane = QStringLiteral("jane@example.com");
        UserEditor ed(m_fx.context());
        ed.load(m_fx.dit().user(kCom, QStringLiteral("jane_example_com")));
        QTRY_COMPARE_WITH_TIMEOUT(ed.user().address, jane, kWait);
        const QStringList old = user(jane).aliases;
        child(&ed, QStringLiteral("alias-input"))->setText(QStringLiteral("Contact@Example.COM"));
        child<QPushButton>(&ed, QStringLiteral("alias-add"))->click();
        QTRY_VERIFY_WITH_TIMEOUT(user(jane).aliases.contains(QStringLiteral("contact@example.com"), Qt::CaseInsensitive), kWait);
        QTRY_VERIFY_WITH_TIMEOUT(child<QListWidget>(&ed, QStringLiteral("alias-list"))->count() == old.size() + 1, kWait);
        QVERIFY(child(&ed, QStringLiteral("alias-input"))->text().isEmpty());

        // An address in use elsewhere: core's conflict under the aliases.
        child(&ed, QStringLiteral("alias-input"))->setText(QStringLiteral("sales@example.com"));
        child<QPushButton>(&ed, QStringLiteral("alias-add"))->click();
        QTRY_VERIFY_WITH_TIMEOUT(errorText(&ed, QStringLiteral("alias")).contains(QLatin1String("already in use")), kWait);

        history()->undo();
        QTRY_COMPARE_WITH_TIMEOUT(user(jane).aliases, old, kWait);
        history()->redo();
        QTRY_VERIFY_WITH_TIMEOUT(user(jane).aliases.size() == old.size() + 1, kWait);
        history()->undo();
        QTRY_COMPARE_WITH_TIMEOUT(user(jane).aliases, old, kWait);
    }

    void forwardRemoveIsUndone()
    {
        const QString jane = QStringLiteral("jane@example.com");
        const QStringList old = user(jane).forwards;
        QVERIFY(!old.isEmpty());
        QVERIFY(m_fx.execute(MailCommands::removeUserForward(jane, old.first())).ok());
        QVERIFY(user(jane).forwards.isEmpty());
        history()->undo();
        QTRY_COMPARE_WITH_TIMEOUT(user(jane).forwards, old, kWait);
    }

    void suspendIsUndoneWithFtpAsBefore()
    {
        // Jane's FTP is off; resuming alone would switch it on. The undo restores both.
        const QString jane = QStringLiteral("jane@example.com");
        QVERIFY(!user(jane).ftpEnabled);
        QVERIFY(!user(jane).suspended);
        UserEditor ed(m_fx.context());
        ed.load(m_fx.dit().user(kCom, QStringLiteral("jane_example_com")));
        QTRY_COMPARE_WITH_TIMEOUT(ed.user().address, jane, kWait);
        QCOMPARE(child<QPushButton>(&ed, QStringLiteral("suspend"))->text(), QStringLiteral("Suspend"));
        child<QPushButton>(&ed, QStringLiteral("suspend"))->click();
        QTRY_VERIFY_WITH_TIMEOUT(user(jane).suspended, kWait);
        QTRY_COMPARE_WITH_TIMEOUT(child<QPushButton>(&ed, QStringLiteral("suspend"))->text(), QStringLiteral("Resume"), kWait);
        history()->undo();
        // Two writes (resume, then FTP back off): wait for the end state, not the first write.
        QTRY_VERIFY_WITH_TIMEOUT(!user(jane).suspended && !m_fx.commands().isRunning(), kWait);
        QVERIFY(!user(jane).ftpEnabled);
    }

    void domainEditIsUndone()
    {
        const QString org = QStringLiteral("example.org");
        const Domain old = domain(org);
        DomainEditor ed(m_fx.context());
        ed.load(m_fx.dit().domain(org));
        QTRY_COMPARE_WITH_TIMEOUT(ed.info().domain.name, org, kWait);
        QVERIFY(child<QLabel>(&ed, QStringLiteral("info"))->text().contains(QLatin1String("example.org")));
        type(&ed, QStringLiteral("comment"), QStringLiteral("Moved to the new contract"));
        type(&ed, QStringLiteral("max-accounts"), QStringLiteral("12"));
        saveOf(&ed)->click();
        QTRY_COMPARE_WITH_TIMEOUT(domain(org).maxAccounts, 12, kWait);
        QCOMPARE(domain(org).comment, QStringLiteral("Moved to the new contract"));
        history()->undo();
        QTRY_COMPARE_WITH_TIMEOUT(domain(org).maxAccounts, old.maxAccounts, kWait);
        QCOMPARE(domain(org).comment, old.comment);

        // Bad limit: core's message under the field.
        ed.load(ed.dn());
        QTRY_COMPARE_WITH_TIMEOUT(child(&ed, QStringLiteral("max-accounts"))->text(), QString::number(old.maxAccounts), kWait);
        type(&ed, QStringLiteral("max-accounts"), QStringLiteral("-7"));
        saveOf(&ed)->click();
        QTRY_VERIFY_WITH_TIMEOUT(errorText(&ed, QStringLiteral("max-accounts")).startsWith(QLatin1String("max-accounts")), kWait);
        QCOMPARE(domain(org).maxAccounts, old.maxAccounts);
    }

    void domainSuspendLockAndSignatureAreUndone()
    {
        const QString org = QStringLiteral("example.org");
        QVERIFY(m_fx.execute(MailCommands::setDomainSignature(org, QStringLiteral("Fresh bread daily\n"))).ok());
        QCOMPARE(*DomainOps::signature(other(), org), QStringLiteral("Fresh bread daily")); // core trims it
        QVERIFY(m_fx.execute(MailCommands::setDomainLocked(org, true)).ok());
        QVERIFY(domain(org).locked);
        // Locked: core refuses edits; the form shows it in the banner.
        DomainEditor ed(m_fx.context());
        ed.load(m_fx.dit().domain(org));
        QTRY_VERIFY_WITH_TIMEOUT(ed.info().domain.locked, kWait);
        QCOMPARE(child<QPushButton>(&ed, QStringLiteral("lock"))->text(), QStringLiteral("Unlock"));
        type(&ed, QStringLiteral("owner"), QStringLiteral("Somebody"));
        saveOf(&ed)->click();
        QTRY_VERIFY_WITH_TIMEOUT(child<QLabel>(&ed, QStringLiteral("banner"))->text().contains(QLatin1String("locked")), kWait);

        history()->undo(); // unlock
        QTRY_VERIFY_WITH_TIMEOUT(!domain(org).locked, kWait);
        history()->undo(); // signature back to none
        QTRY_COMPARE_WITH_TIMEOUT(*DomainOps::signature(other(), org), QString(), kWait);

        QVERIFY(m_fx.execute(MailCommands::setDomainSuspended(org, true)).ok());
        QVERIFY(domain(org).suspended);
        history()->undo();
        QTRY_VERIFY_WITH_TIMEOUT(!domain(org).suspended, kWait);
    }

    void domainCreateIsUndoneOnlyWhileUntouched()
    {
        DomainEditor ed(m_fx.context());
        QVERIFY(!ed.startNew(m_fx.dit().domain(kCom)));
        QVERIFY(ed.startNew(m_fx.dit().base()));
        QTRY_VERIFY_WITH_TIMEOUT(saveOf(&ed)->text().contains(QLatin1String("createDomainDirectories on")), kWait);
        QVERIFY(saveOf(&ed)->text().contains(QLatin1String("modifyDomain on")));
        type(&ed, QStringLiteral("domain"), QStringLiteral("fresh.example"));
        type(&ed, QStringLiteral("owner"), QStringLiteral("Fresh Owner"));
        saveOf(&ed)->click();
        QTRY_COMPARE_WITH_TIMEOUT(ed.info().domain.name, QStringLiteral("fresh.example"), kWait);
        QCOMPARE(domain(QStringLiteral("fresh.example")).owner, QStringLiteral("Fresh Owner"));
        history()->undo();
        QTRY_COMPARE_WITH_TIMEOUT(int(DomainOps::show(other(), QStringLiteral("fresh.example")).error().kind),
                                  int(OpError::Kind::NotFound), kWait);

        // Once something was added to it, undoing its creation is refused: it would be deleted too.
        DomainOps::DomainSpec spec;
        spec.name = QStringLiteral("busy.example");
        QVERIFY(m_fx.execute(MailCommands::addDomain(spec)).ok());
        UserOps::UserSpec u;
        u.domain = spec.name;
        u.localPart = QStringLiteral("first");
        u.surname = QStringLiteral("First");
        auto added = UserOps::add(other(), u);
        QVERIFY2(added.ok(), qPrintable(added.error().toString()));
        QString failure;
        QObject guard;
        connect(&m_fx.commands(), &CommandStack::failed, &guard, [&failure](const QString &, const OpError &e) { failure = e.message; });
        history()->undo();
        QTRY_VERIFY_WITH_TIMEOUT(!failure.isEmpty(), kWait);
        QVERIFY2(failure.contains(QLatin1String("has changed since it was created")), qPrintable(failure));
        QVERIFY(DomainOps::show(other(), spec.name).ok());
        QVERIFY(UserOps::show(other(), QStringLiteral("first@busy.example")).ok());
    }

    void mailGroupMembersAreAddedRemovedAndUndone()
    {
        const QString sales = QStringLiteral("sales@example.com");
        const QStringList old = group(sales).members;
        MailGroupEditor ed(m_fx.context());
        ed.load(MailGroup::dn(m_fx.dit(), kCom, QStringLiteral("sales")));
        QTRY_COMPARE_WITH_TIMEOUT(ed.group().address, sales, kWait);
        QCOMPARE(child<QListWidget>(&ed, QStringLiteral("member-list"))->count(), old.size());

        child(&ed, QStringLiteral("member-input"))->setText(QStringLiteral("bob@example.org"));
        child<QPushButton>(&ed, QStringLiteral("member-add"))->click();
        QTRY_VERIFY_WITH_TIMEOUT(group(sales).members.contains(QStringLiteral("bob@example.org")), kWait);
        QTRY_COMPARE_WITH_TIMEOUT(child<QListWidget>(&ed, QStringLiteral("member-list"))->count(), old.size() + 1, kWait);

        selectItem(&ed, QStringLiteral("member-list"), QStringLiteral("john@example.com"));
        child<QPushButton>(&ed, QStringLiteral("member-remove"))->click();
        QTRY_VERIFY_WITH_TIMEOUT(!group(sales).members.contains(QStringLiteral("john@example.com")), kWait);

        // A bad member: core's message under the members.
        child(&ed, QStringLiteral("member-input"))->setText(QStringLiteral("not an address"));
        child<QPushButton>(&ed, QStringLiteral("member-add"))->click();
        QTRY_VERIFY_WITH_TIMEOUT(errorText(&ed, QStringLiteral("member")).startsWith(QLatin1String("member")), kWait);

        history()->undo(); // john back
        QTRY_VERIFY_WITH_TIMEOUT(group(sales).members.contains(QStringLiteral("john@example.com")), kWait);
        history()->undo(); // bob gone
        QTRY_VERIFY_WITH_TIMEOUT(!group(sales).members.contains(QStringLiteral("bob@example.org")), kWait);
        QStringList now = group(sales).members;
        QStringList was = old;
        now.sort();
        was.sort();
        QCOMPARE(now, was);
    }

    void mailGroupCreateAndDeleteAreUndone()
    {
        MailGroupEditor ed(m_fx.context());
        QVERIFY(ed.startNew(m_fx.dit().mailGroups(kCom)));
        type(&ed, QStringLiteral("name"), QStringLiteral("team"));
        child(&ed, QStringLiteral("member-input"))->setText(QStringLiteral("jane@example.com"));
        child<QPushButton>(&ed, QStringLiteral("member-add"))->click();
        child(&ed, QStringLiteral("alias-input"))->setText(QStringLiteral("crew@example.com"));
        child<QPushButton>(&ed, QStringLiteral("alias-add"))->click();
        saveOf(&ed)->click();
        QTRY_COMPARE_WITH_TIMEOUT(ed.group().address, QStringLiteral("team@example.com"), kWait);
        QCOMPARE(group(QStringLiteral("team@example.com")).members, QStringList{QStringLiteral("jane@example.com")});
        QCOMPARE(group(QStringLiteral("team@example.com")).aliases, QStringList{QStringLiteral("crew@example.com")});

        QSignalSpy finished(&ed, &EntityEditor::finished);
        child<QPushButton>(&ed, QStringLiteral("delete"))->click();
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() >= 1, kWait);
        QVERIFY(!MailGroupOps::show(other(), QStringLiteral("team@example.com")).ok());
        // A group holds no mail: deleting it is undone with its members and aliases.
        history()->undo();
        QTRY_VERIFY_WITH_TIMEOUT(MailGroupOps::show(other(), QStringLiteral("team@example.com")).ok(), kWait);
        QCOMPARE(group(QStringLiteral("team@example.com")).aliases, QStringList{QStringLiteral("crew@example.com")});
        history()->undo(); // the creation
        QTRY_VERIFY_WITH_TIMEOUT(!MailGroupOps::show(other(), QStringLiteral("team@example.com")).ok(), kWait);
    }

    void lowerLevelAdminGetsCoresRefusal()
    {
        // A level-30 administrator may change users, not a domain's limits (DomainManage: 70).
        AdminOps::AdminSpec spec;
        spec.uid = QStringLiteral("helpdesk");
        spec.level = QStringLiteral("30");
        spec.password = QStringLiteral("Helpdesk-pass-1234");
        auto made = AdminOps::add(other(), spec);
        QVERIFY2(made.ok(), qPrintable(made.error().toString()));
        LdapConnectionSettings settings = m_fx.directory()->adminSettings();
        settings.bindDn = m_fx.dit().admin(QStringLiteral("helpdesk")).toString();
        settings.password = spec.password.toUtf8();
        Backend backend(settings, m_fx.dit(), &m_fx.live());
        CommandStack commands(&backend);
        ConsoleContext context = m_fx.context();
        context.backend = &backend;
        context.commands = &commands;

        const Domain old = domain(kCom);
        DomainEditor ed(context);
        ed.load(m_fx.dit().domain(kCom));
        QTRY_COMPARE_WITH_TIMEOUT(ed.info().domain.name, kCom, kWait);
        type(&ed, QStringLiteral("max-accounts"), QStringLiteral("3"));
        saveOf(&ed)->click();
        auto *banner = child<QLabel>(&ed, QStringLiteral("banner"));
        QTRY_VERIFY_WITH_TIMEOUT(!banner->isHidden() && banner->text().contains(QLatin1String("not allowed")), kWait);
        QCOMPARE(domain(kCom).maxAccounts, old.maxAccounts);
        QCOMPARE(commands.undoStack()->count(), 0);

        // What level 30 may do goes through.
        QVERIFY(UserOps::show(other(), QStringLiteral("john@example.com"))->aliases.contains(QStringLiteral("info@example.com")));
        UserEditor users(context);
        users.load(m_fx.dit().user(kCom, QStringLiteral("john_example_com")));
        QTRY_COMPARE_WITH_TIMEOUT(users.user().address, QStringLiteral("john@example.com"), kWait);
        selectItem(&users, QStringLiteral("alias-list"), QStringLiteral("info@example.com"));
        child<QPushButton>(&users, QStringLiteral("alias-remove"))->click();
        QTRY_VERIFY_WITH_TIMEOUT(!user(QStringLiteral("john@example.com")).aliases.contains(QStringLiteral("info@example.com")), kWait);
        commands.undoStack()->undo();
        QTRY_VERIFY_WITH_TIMEOUT(user(QStringLiteral("john@example.com")).aliases.contains(QStringLiteral("info@example.com")), kWait);
    }
};

QTEST_MAIN(TestConsoleMail)
#include "tst_consolemail.moc"

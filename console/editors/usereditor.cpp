#include "console/editors/usereditor.h"

#include "console/editors/addresslistsection.h"
#include "console/editors/mailcommands.h"
#include "console/entitykind.h"
#include "core/ops/placement.h"
#include "core/ops/processqueue.h"
#include "core/ops/userops.h"
#include "core/validation/mailaddress.h"

#include <QCheckBox>
#include <QDateTime>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>

namespace Isp::Console {

using namespace Isp::Core;

namespace {

// The hosts a save will queue work for: file work (home directory) and mail work (mailbox).
struct QueuePlan
{
    QStringList fileHosts;
    QStringList mailHosts;
    QStringList oldMailHosts; // a move: where deleteMailbox goes
};


// Once the entry exists its name fields are hidden: core's errors about them go to the banner.
std::shared_ptr<Command> existing(std::shared_ptr<Command> command)
{
    return MailCommands::withErrorsOutside(std::move(command), {QStringLiteral("user"), QStringLiteral("address"), QStringLiteral("mailbox")});
}

} // namespace

UserEditor::UserEditor(const ConsoleContext &context, QWidget *parent) : EntityEditor(context, parent)
{
    build();
    reloadOnLiveChanges();
}

void UserEditor::build()
{
    auto line = [this](const QString &name, const QString &placeholder = {}) {
        auto *e = new QLineEdit(this);
        e->setObjectName(name);
        e->setPlaceholderText(placeholder);
        return e;
    };
    m_info = new QLabel(this);
    m_info->setObjectName(QStringLiteral("info"));
    m_info->setWordWrap(true);
    m_info->setTextInteractionFlags(Qt::TextSelectableByMouse);
    form()->addRow(m_info);

    m_localPart = line(QStringLiteral("user"), tr("local part, e.g. john"));
    addField(QStringLiteral("user"), tr("Address"), m_localPart, {QStringLiteral("address")});
    m_givenName = line(QStringLiteral("given-name"));
    addField(QStringLiteral("given-name"), tr("Given name"), m_givenName);
    m_surname = line(QStringLiteral("surname"));
    addField(QStringLiteral("surname"), tr("Surname"), m_surname);
    m_password = line(QStringLiteral("password"), tr("new password"));
    m_password->setEchoMode(QLineEdit::Password);
    addField(QStringLiteral("password"), tr("Password"), m_password);
    m_mailbox = new QCheckBox(tr("Has a mailbox (else it only forwards)"), this);
    m_mailbox->setObjectName(QStringLiteral("mailbox"));
    m_mailbox->setChecked(true);
    addField(QStringLiteral("mailbox"), tr("Mailbox"), m_mailbox);
    m_mailHost = line(QStringLiteral("mail-host"), tr("the domain's default, else the least busy mail store"));
    addField(QStringLiteral("mail-host"), tr("Mail host"), m_mailHost);
    m_mailQuota = line(QStringLiteral("mail-quota"), tr("MB; empty: the default"));
    addField(QStringLiteral("mail-quota"), tr("Mail quota (MB)"), m_mailQuota);
    m_ftpQuota = line(QStringLiteral("ftp-quota"), tr("MB; empty: the default"));
    addField(QStringLiteral("ftp-quota"), tr("FTP quota (MB)"), m_ftpQuota);
    m_ftp = new QCheckBox(tr("FTP login enabled"), this);
    m_ftp->setObjectName(QStringLiteral("ftp"));
    m_ftp->setChecked(true);
    addField(QStringLiteral("ftp"), tr("FTP"), m_ftp);
    m_forwards = new AddressListSection(QStringLiteral("forward"), tr("forward to, e.g. someone@example.org"), this);
    addField(QStringLiteral("forward"), tr("Forwards"), m_forwards);
    m_aliases = new AddressListSection(QStringLiteral("alias"), tr("another address, or @domain for a catch-all"), this);
    addField(QStringLiteral("alias"), tr("Aliases"), m_aliases);

    m_setPassword = addButton(tr("Set password"), tr("Sets the password typed above (not undoable)."));
    m_setPassword->setObjectName(QStringLiteral("set-password"));
    m_suspend = addButton(tr("Suspend"), tr("Suspends mail and FTP for this user (undoable)."));
    m_suspend->setObjectName(QStringLiteral("suspend"));
    m_delete = addButton(tr("Delete"), tr("Deletes the user with its mailbox and home directory (not undoable)."));
    m_delete->setObjectName(QStringLiteral("delete"));

    connect(saveButton(), &QPushButton::clicked, this, &UserEditor::save);
    connect(m_setPassword, &QPushButton::clicked, this, &UserEditor::setPassword);
    connect(m_suspend, &QPushButton::clicked, this, &UserEditor::toggleSuspended);
    connect(m_delete, &QPushButton::clicked, this, &UserEditor::remove);
    connect(m_mailHost, &QLineEdit::editingFinished, this, &UserEditor::updatePreview);
    connect(m_mailbox, &QCheckBox::toggled, this, [this](bool on) {
        m_mailHost->setEnabled(on);
        m_mailQuota->setEnabled(on);
        updatePreview();
    });

    // Create mode collects forwards locally; an existing user changes them one command each.
    connect(m_forwards, &AddressListSection::addRequested, this, [this](const QString &forward) {
        if (m_new) {
            m_forwards->setAddresses(m_forwards->addresses() << forward);
            m_forwards->clearInput();
            return;
        }
        runListCommand(m_forwards, MailCommands::addUserForward(m_user.address, forward));
    });
    connect(m_forwards, &AddressListSection::removeRequested, this, [this](const QString &forward) {
        if (m_new) {
            QStringList l = m_forwards->addresses();
            l.removeAll(forward);
            m_forwards->setAddresses(l);
            return;
        }
        runListCommand(m_forwards, MailCommands::removeUserForward(m_user.address, forward));
    });
    connect(m_aliases, &AddressListSection::addRequested, this,
            [this](const QString &alias) { runListCommand(m_aliases, MailCommands::addUserAlias(m_user.address, alias)); });
    connect(m_aliases, &AddressListSection::removeRequested, this,
            [this](const QString &alias) { runListCommand(m_aliases, MailCommands::removeUserAlias(m_user.address, alias)); });
    setMode(false);
}

void UserEditor::setRowVisible(QWidget *field, bool visible)
{
    // addField() wraps each field with its error label in a box: that box is the form's row.
    form()->setRowVisible(field->parentWidget(), visible);
}

void UserEditor::setMode(bool creating)
{
    m_new = creating;
    setRowVisible(m_localPart, creating);
    setRowVisible(m_mailbox, creating);
    setRowVisible(m_aliases, !creating);
    m_info->setVisible(!creating);
    m_setPassword->setVisible(!creating);
    m_suspend->setVisible(!creating);
    m_delete->setVisible(!creating);
    m_password->setPlaceholderText(creating ? tr("empty: none yet (cannot log in)") : tr("new password"));
}

bool UserEditor::startNew(const LdapDn &container)
{
    const QString domain = domainOf(container);
    if (domain.isEmpty() || container != context().dit.users(domain))
        return false;
    m_domain = domain;
    m_user = MailUser();
    setDn(LdapDn());
    setMode(true);
    clearErrors();
    for (QLineEdit *e : {m_localPart, m_givenName, m_surname, m_password, m_mailHost, m_mailQuota, m_ftpQuota})
        e->clear();
    m_mailbox->setChecked(true);
    m_ftp->setChecked(true);
    m_forwards->setAddresses({});
    m_localPart->setFocus();
    setTitle(tr("New user in %1").arg(domain));
    updatePreview();
    return true;
}

void UserEditor::load(const LdapDn &dn)
{
    setMode(false);
    setDn(dn);
    const QString missing = tr("no user at %1").arg(dn.toString());
    read<MailUser>(
        [dn, missing](DirectorySession &s) -> OpResult<MailUser> {
            // The DN names the uid; core names users by address, which the entry holds.
            auto e = s.read(dn, {QStringLiteral("mailLocalAddress")});
            if (!e.ok())
                return OpError::directory(e.error());
            if (!e->has_value())
                return OpError::notFound(missing);
            return UserOps::show(s, (*e)->text(QStringLiteral("mailLocalAddress")));
        },
        [this](const MailUser &u) { display(u); });
}

void UserEditor::display(const MailUser &u)
{
    m_user = u;
    m_domain = u.domain;
    setTitle(tr("User %1").arg(u.address));
    m_givenName->setText(u.givenName);
    m_surname->setText(u.surname);
    m_password->clear();
    m_mailHost->setText(u.mailHost);
    m_mailHost->setEnabled(u.hasMailbox());
    m_mailQuota->setText(u.hasMailbox() ? QString::number(u.mailQuotaKiB / 1024) : QString());
    m_mailQuota->setEnabled(u.hasMailbox());
    m_ftpQuota->setText(QString::number(u.ftpQuotaMBytes));
    m_ftp->setChecked(u.ftpEnabled);
    m_forwards->setAddresses(u.forwards);
    m_aliases->setAddresses(u.aliases);
    m_suspend->setText(u.suspended ? tr("Resume") : tr("Suspend"));
    QStringList info;
    info << tr("<b>%1</b>%2").arg(u.address.toHtmlEscaped(), u.suspended ? tr(" — suspended") : QString());
    info << tr("Login %1, uid %2, gid %3").arg(u.uid).arg(u.uidNumber).arg(u.gidNumber);
    info << tr("Home %1 on %2").arg(u.homeDirectory.toHtmlEscaped(), u.fileHost.isEmpty() ? tr("the domain's file server") : u.fileHost);
    if (!u.hasMailbox())
        info << tr("No mailbox: mail is only forwarded.");
    if (u.created > 0)
        info << tr("Created %1").arg(QLocale().toString(QDateTime::fromSecsSinceEpoch(u.created), QLocale::ShortFormat));
    m_info->setText(info.join(QStringLiteral("<br>")));
    updatePreview();
}

bool UserEditor::isDirty() const
{
    if (m_new)
        return true;
    return m_givenName->text() != m_user.givenName || m_surname->text() != m_user.surname || !m_password->text().isEmpty()
        || (m_user.hasMailbox() && (m_mailHost->text().trimmed() != m_user.mailHost
                                    || m_mailQuota->text().trimmed() != QString::number(m_user.mailQuotaKiB / 1024)))
        || m_ftpQuota->text().trimmed() != QString::number(m_user.ftpQuotaMBytes) || m_ftp->isChecked() != m_user.ftpEnabled;
}

void UserEditor::updatePreview()
{
    const quint64 generation = ++m_previewGeneration;
    const QString domain = m_domain;
    if (domain.isEmpty())
        return;
    const bool creating = m_new;
    const bool mailbox = creating ? m_mailbox->isChecked() : m_user.hasMailbox();
    const QString typedHost = m_mailHost->text().trimmed();
    const MailUser user = m_user;
    if (!creating && (typedHost.isEmpty() || typedHost.compare(user.mailHost, Qt::CaseInsensitive) == 0)) {
        // Names, quotas and FTP are read from the directory by the services: nothing is queued.
        setQueuePreview({}, {});
        saveButton()->setToolTip(tr("Nothing is queued for the hosts: the services read these settings from the directory."));
        return;
    }
    read<QueuePlan>(
        [=](DirectorySession &s) -> OpResult<QueuePlan> {
            QueuePlan plan;
            if (!creating) {
                auto older = targetHosts(s, {user.mailHost}, QStringLiteral("mailstoregroup"));
                auto newer = targetHosts(s, {typedHost}, QStringLiteral("mailstoregroup"));
                if (!older.ok() || !newer.ok())
                    return !older.ok() ? older.error() : newer.error();
                plan.oldMailHosts = *older;
                plan.mailHosts = *newer;
                return plan;
            }
            // As UserOps::add places a new user: the named host, the domain's default, or the
            // least busy member of the role's group.
            auto state = UserOps::readDomain(s, QStringLiteral("domain"), domain);
            if (!state.ok())
                return state.error();
            auto home = placeObject(s, PlacementRole::Home, QStringLiteral("file-host"), {}, state->domain.fileServer);
            if (!home.ok())
                return home.error();
            auto files = targetHosts(s, {*home}, QStringLiteral("fileservergroup"));
            if (!files.ok())
                return files.error();
            plan.fileHosts = *files;
            if (mailbox) {
                auto host = placeObject(s, PlacementRole::Mailbox, QStringLiteral("mail-host"), typedHost, state->domain.mailDropHost);
                if (!host.ok())
                    return host.error();
                auto mail = targetHosts(s, {*host}, QStringLiteral("mailstoregroup"));
                if (!mail.ok())
                    return mail.error();
                plan.mailHosts = *mail;
            }
            return plan;
        },
        [this, generation](const QueuePlan &plan) {
            if (generation != m_previewGeneration)
                return; // a newer preview is on its way
            const QString sep = QStringLiteral(", ");
            if (!plan.oldMailHosts.isEmpty())
                setQueuePreview(tr("deleteMailbox on %1 and createMailbox").arg(plan.oldMailHosts.join(sep)), plan.mailHosts);
            else if (plan.mailHosts.isEmpty())
                setQueuePreview(QStringLiteral("createHomeDirectory"), plan.fileHosts);
            else
                setQueuePreview(tr("createHomeDirectory on %1 and createMailbox").arg(plan.fileHosts.join(sep)), plan.mailHosts);
        });
}

void UserEditor::save()
{
    if (m_new) {
        saveNew();
        return;
    }
    if (m_user.address.isEmpty())
        return;
    UserOps::UserChange change;
    auto changed = [](QLineEdit *e, const QString &old) {
        const QString v = e->text().trimmed();
        return v != old ? std::make_optional(v) : std::nullopt;
    };
    change.givenName = changed(m_givenName, m_user.givenName);
    change.surname = changed(m_surname, m_user.surname);
    if (m_user.hasMailbox()) {
        change.mailQuota = changed(m_mailQuota, QString::number(m_user.mailQuotaKiB / 1024));
        change.mailHost = changed(m_mailHost, m_user.mailHost);
    }
    change.ftpQuota = changed(m_ftpQuota, QString::number(m_user.ftpQuotaMBytes));
    if (m_ftp->isChecked() != m_user.ftpEnabled)
        change.ftpEnabled = m_ftp->isChecked();
    const bool anything = change.givenName || change.surname || change.mailQuota || change.mailHost || change.ftpQuota || change.ftpEnabled;
    if (!anything) {
        if (!m_password->text().isEmpty())
            setPassword();
        else
            showMessage(tr("Nothing changed."));
        return;
    }
    if (change.mailHost
        && !confirm(tr("Move the mailbox of %1 to %2? The old host deletes its copy; this cannot be undone.")
                        .arg(m_user.address, *change.mailHost)))
        return;
    execute(existing(MailCommands::editUser(m_user.address, change)), [this] { load(dn()); });
}

void UserEditor::saveNew()
{
    UserOps::UserSpec spec;
    spec.domain = m_domain;
    spec.localPart = m_localPart->text().trimmed();
    spec.givenName = m_givenName->text().trimmed();
    spec.surname = m_surname->text().trimmed();
    spec.password = m_password->text();
    spec.mailbox = m_mailbox->isChecked();
    if (spec.mailbox) {
        spec.mailHost = m_mailHost->text().trimmed();
        spec.mailQuota = m_mailQuota->text().trimmed();
    }
    spec.ftpQuota = m_ftpQuota->text().trimmed();
    spec.ftpEnabled = m_ftp->isChecked();
    spec.forwards = m_forwards->addresses();
    execute(MailCommands::addUser(spec), [this, spec] {
        // Core derives the entry's uid from the address the same way (ISPMan 1.x naming).
        auto local = Validate::mailboxLocalPart(QStringLiteral("user"), spec.localPart);
        if (!local.ok())
            return;
        auto uid = Validate::mailboxUid(QStringLiteral("user"), *local, spec.domain);
        if (uid.ok())
            load(context().dit.user(spec.domain, *uid));
    });
}

void UserEditor::setPassword()
{
    if (m_user.address.isEmpty())
        return;
    clearErrors();
    m_setPassword->setEnabled(false);
    MailCommands::runOutsideHistory(context().backend, this, existing(MailCommands::setUserPassword(m_user.address, m_password->text())),
                                    [this](OpResult<Done> r) {
                                        m_setPassword->setEnabled(true);
                                        if (!r.ok()) {
                                            showError(r.error());
                                            return;
                                        }
                                        m_password->clear();
                                        showMessage(tr("The password of %1 is set.").arg(m_user.address));
                                    });
}

void UserEditor::toggleSuspended()
{
    if (m_user.address.isEmpty())
        return;
    execute(existing(MailCommands::setUserSuspended(m_user.address, !m_user.suspended)), [this] { load(dn()); });
}

void UserEditor::remove()
{
    if (m_user.address.isEmpty())
        return;
    if (!confirm(tr("Delete %1? Its mailbox and home directory are deleted on their hosts. This cannot be undone.").arg(m_user.address)))
        return;
    execute(existing(MailCommands::removeUser(m_user.address)), [this] { Q_EMIT finished(); });
}

void UserEditor::runListCommand(AddressListSection *list, std::shared_ptr<Command> command)
{
    list->setBusy(true);
    clearErrors();
    context().commands->execute(existing(command), this, [this, list](OpResult<Done> r) {
        list->setBusy(false);
        if (!r.ok()) {
            showError(r.error());
            return;
        }
        list->clearInput();
        load(dn());
    });
}

} // namespace Isp::Console

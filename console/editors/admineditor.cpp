#include "console/editors/admineditor.h"

#include "console/editors/infracommands.h"
#include "core/ops/adminops.h"

#include <QFormLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>

namespace Isp::Console {

using namespace Isp::Core;

AdminEditor::AdminEditor(const ConsoleContext &context, QWidget *parent)
    : EntityEditor(context, parent), m_watch(new InfraEntryWatch(context.live, this))
{
    m_uid = lineEdit(this, QStringLiteral("uid"));
    addField(QStringLiteral("uid"), tr("Login name"), m_uid);
    m_level = lineEdit(this, QStringLiteral("level"));
    m_level->setToolTip(tr("1-100; level 100 may manage administrators and the configuration."));
    addField(QStringLiteral("level"), tr("Level"), m_level);
    m_cn = lineEdit(this, QStringLiteral("cn"));
    addField(QStringLiteral("cn"), tr("Full name"), m_cn);
    m_mail = lineEdit(this, QStringLiteral("mail"));
    addField(QStringLiteral("mail"), tr("Mail"), m_mail);
    m_networks = lineEdit(this, QStringLiteral("allow-from"));
    m_networks->setToolTip(tr("Networks (CIDR) it may log in from, separated by spaces; empty: anywhere."));
    addField(QStringLiteral("allow-from"), tr("Allowed networks"), m_networks);
    m_password = lineEdit(this, QStringLiteral("password"));
    m_password->setEchoMode(QLineEdit::Password);
    addField(QStringLiteral("password"), tr("Password"), m_password);
    m_oldPassword = lineEdit(this, QStringLiteral("old-password"));
    m_oldPassword->setEchoMode(QLineEdit::Password);
    addField(QStringLiteral("old-password"), tr("Current password"), m_oldPassword);

    m_setPassword = addButton(tr("Set password"), tr("Sets the password now; it cannot be undone."));
    m_setPassword->setObjectName(QStringLiteral("setPassword"));
    m_delete = addButton(tr("Delete"));
    m_delete->setObjectName(QStringLiteral("delete"));
    connect(saveButton(), &QPushButton::clicked, this, &AdminEditor::save);
    connect(m_setPassword, &QPushButton::clicked, this, &AdminEditor::setPassword);
    connect(m_delete, &QPushButton::clicked, this, &AdminEditor::remove);
    connect(m_watch, &InfraEntryWatch::changed, this, [this](const LdapEntry &e) {
        // Another admin's change or an undo: show it, unless this admin is typing.
        const bool typing = m_level->text().trimmed() != QString::number(m_admin.level) || m_cn->text() != m_admin.cn
            || m_mail->text().trimmed() != m_admin.mail || splitWords(m_networks->text()) != m_admin.networks;
        if (!typing)
            showAdmin(Admin::fromEntry(e));
    });
    connect(m_watch, &InfraEntryWatch::removed, this, [this] {
        if (m_deleting)
            return;
        showMessage(tr("This administrator was deleted."));
        Q_EMIT finished();
    });
    setCreating(false);
}

void AdminEditor::setCreating(bool creating)
{
    m_creating = creating;
    m_uid->setReadOnly(!creating);
    m_setPassword->setVisible(!creating);
    m_delete->setVisible(!creating);
    form()->setRowVisible(m_oldPassword->parentWidget(), !creating && isSelf());
}

bool AdminEditor::isSelf() const
{
    const auto bound = LdapDn::parse(context().bindDn);
    return bound && !dn().isEmpty() && *bound == dn();
}

void AdminEditor::load(const LdapDn &dn)
{
    m_deleting = false;
    setDn(dn);
    setCreating(false);
    const QString uid = dn.rdnValue();
    setTitle(tr("Administrator %1").arg(uid));
    read<Admin>(
        [uid](DirectorySession &s) { return AdminOps::show(s, uid); }, [this](const Admin &a) { showAdmin(a); });
    m_watch->watch(dn);
}

bool AdminEditor::startNew(const LdapDn &container)
{
    if (!(container == context().dit.admins()))
        return false;
    setDn(LdapDn());
    setCreating(true);
    m_watch->clear();
    m_admin = Admin();
    for (QLineEdit *e : { m_uid, m_level, m_cn, m_mail, m_networks, m_password, m_oldPassword })
        e->clear();
    clearErrors();
    setTitle(tr("New administrator"));
    return true;
}

void AdminEditor::showAdmin(const Admin &a)
{
    m_admin = a;
    m_uid->setText(a.uid);
    m_level->setText(QString::number(a.level));
    m_cn->setText(a.cn);
    m_mail->setText(a.mail);
    m_networks->setText(a.networks.join(QLatin1Char(' ')));
}

void AdminEditor::save()
{
    if (m_creating) {
        AdminOps::AdminSpec spec { m_uid->text().trimmed(), m_cn->text(), m_mail->text().trimmed(),
            m_level->text().trimmed(), m_password->text(), splitWords(m_networks->text()) };
        auto created = std::make_shared<Admin>();
        execute(InfraCommands::addAdmin(spec, created), [this, created] { load(context().dit.admin(created->uid)); });
        return;
    }
    AdminOps::AdminChange change;
    if (m_level->text().trimmed() != QString::number(m_admin.level))
        change.level = m_level->text().trimmed();
    if (m_mail->text().trimmed() != m_admin.mail)
        change.mail = m_mail->text().trimmed();
    if (m_cn->text() != m_admin.cn)
        change.cn = m_cn->text();
    if (splitWords(m_networks->text()) != m_admin.networks)
        change.networks = splitWords(m_networks->text());
    if (!change.level && !change.mail && !change.cn && !change.networks) {
        showMessage(tr("Nothing to save."));
        return;
    }
    execute(InfraCommands::editAdmin(m_admin.uid, change), [this] { load(dn()); });
}

void AdminEditor::setPassword()
{
    std::optional<QString> old;
    if (isSelf())
        old = m_oldPassword->text();
    execute(InfraCommands::setAdminPassword(m_admin.uid, m_password->text(), old), [this] {
        m_password->clear();
        m_oldPassword->clear();
        showMessage(tr("The password is set."));
    });
}

void AdminEditor::remove()
{
    if (!confirm(tr("Delete administrator %1? This cannot be undone.").arg(m_admin.uid)))
        return;
    m_deleting = true;
    execute(InfraCommands::removeAdmin(m_admin.uid), [this] {
        m_watch->clear();
        Q_EMIT finished();
    });
}

} // namespace Isp::Console

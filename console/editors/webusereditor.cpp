#include "console/editors/webusereditor.h"

#include "console/editors/webcommands.h"
#include "core/ops/vhostops.h"

#include <QLineEdit>
#include <QPushButton>

namespace Isp::Console {

using namespace Isp::Core;

namespace {
const QString HttpUsers = QStringLiteral("httpusers");
}

WebUserEditor::WebUserEditor(const ConsoleContext &context, QWidget *parent) : EntityEditor(context, parent)
{
    m_user = new QLineEdit(this);
    m_user->setObjectName(QStringLiteral("user"));
    m_user->setPlaceholderText(tr("e.g. editor"));
    addField(QStringLiteral("user"), tr("User id"), m_user);
    m_password = new QLineEdit(this);
    m_password->setObjectName(QStringLiteral("password"));
    m_password->setEchoMode(QLineEdit::Password);
    addField(QStringLiteral("password"), tr("Password"), m_password);
    m_delete = addButton(tr("Delete"), tr("Deletes the user and drops it from the protected locations that allow it"));
    m_delete->setObjectName(QStringLiteral("delete"));
    connect(saveButton(), &QPushButton::clicked, this, &WebUserEditor::save);
    connect(m_delete, &QPushButton::clicked, this, &WebUserEditor::remove);
}

bool WebUserEditor::startNew(const LdapDn &container)
{
    const QString domain = WebCommands::domainOfBranch(container, HttpUsers);
    if (domain.isEmpty())
        return false;
    m_domain = domain;
    m_userId.clear();
    m_creating = true;
    setDn(LdapDn());
    clearErrors();
    m_user->clear();
    m_user->setReadOnly(false);
    m_password->clear();
    m_delete->hide();
    saveButton()->setText(tr("Add web user"));
    setTitle(tr("New web user of %1").arg(domain));
    m_user->setFocus();
    return true;
}

void WebUserEditor::load(const LdapDn &dn)
{
    const QString domain = WebCommands::domainOfEntry(dn, HttpUsers);
    if (domain.isEmpty()) {
        showError(OpError::invalid({}, tr("%1 is not a web user").arg(dn.toString())));
        return;
    }
    m_domain = domain;
    m_userId = dn.rdnValue();
    m_creating = false;
    setDn(dn);
    clearErrors();
    m_user->setText(m_userId);
    m_user->setReadOnly(true);
    m_password->clear();
    m_delete->show();
    saveButton()->setText(tr("Set password"));
    setTitle(tr("Web user %1 of %2").arg(m_userId, domain));
    const QString userId = m_userId;
    read<QList<WebUser>>([domain](DirectorySession &s) { return VhostOps::listWebUsers(s, domain); },
                         [this, userId](const QList<WebUser> &users) {
                             for (const WebUser &u : users) {
                                 if (u.userId.compare(userId, Qt::CaseInsensitive) == 0) {
                                     Q_EMIT loaded();
                                     return;
                                 }
                             }
                             showError(OpError::notFound(tr("web user %1 of %2 does not exist").arg(userId, m_domain)));
                         });
}

void WebUserEditor::save()
{
    if (m_creating) {
        auto made = std::make_shared<WebUser>();
        execute(WebCommands::addWebUser(m_domain, m_user->text().trimmed(), m_password->text(), made),
                [this, made] { load(WebUser::dn(context().dit, made->domain, made->userId)); });
        return;
    }
    execute(WebCommands::setWebUserPassword(m_domain, m_userId, m_password->text()), [this] {
        m_password->clear();
        showMessage(tr("The password of %1 is set.").arg(m_userId));
    });
}

void WebUserEditor::remove()
{
    if (!confirm(tr("Delete the web user %1 of %2? It can no longer enter the locations that allow it.")
                     .arg(m_userId, m_domain)))
        return;
    execute(WebCommands::removeWebUser(m_domain, m_userId), [this] { Q_EMIT finished(); });
}

} // namespace Isp::Console

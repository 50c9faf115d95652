#include "console/editors/serviceaccounteditor.h"

#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

namespace Isp::Console {

using namespace Isp::Core;

ServiceAccountEditor::ServiceAccountEditor(const ConsoleContext &context, QWidget *parent) : EntityEditor(context, parent)
{
    m_account = new QComboBox(this);
    m_account->setObjectName(QStringLiteral("name"));
    addField(QStringLiteral("name"), tr("Account"), m_account, {QStringLiteral("service")});
    m_purpose = new QLabel(this);
    m_purpose->setWordWrap(true);
    form()->addRow(tr("Used by"), m_purpose);
    m_reads = new QLabel(this);
    m_reads->setWordWrap(true);
    m_reads->setObjectName(QStringLiteral("reads"));
    form()->addRow(tr("May read"), m_reads);
    m_password = new QLineEdit(this);
    m_password->setObjectName(QStringLiteral("password"));
    m_password->setEchoMode(QLineEdit::Password);
    m_password->setPlaceholderText(tr("new password (the service's configuration must get it too)"));
    addField(QStringLiteral("password"), tr("Password"), m_password);
    saveButton()->setText(tr("Set password"));
    connect(saveButton(), &QPushButton::clicked, this, &ServiceAccountEditor::save);
    m_delete = addButton(tr("Delete"), tr("Remove the account: its service can no longer read the directory"));
    m_delete->setObjectName(QStringLiteral("delete"));
    connect(m_delete, &QPushButton::clicked, this, &ServiceAccountEditor::remove);
    connect(m_account, &QComboBox::currentIndexChanged, this, [this] {
        for (const auto &a : std::as_const(m_accounts)) {
            if (a.name == currentName()) {
                m_purpose->setText(a.purpose);
                m_reads->setText(a.attributes.isEmpty() ? tr("what the customers it acts for may read")
                                                        : a.attributes.join(QStringLiteral(", ")));
            }
        }
    });
}

QString ServiceAccountEditor::currentName() const
{
    return m_name.isEmpty() ? m_account->currentData().toString() : m_name;
}

void ServiceAccountEditor::showAccounts(const QList<ServiceOps::ServiceAccountInfo> &accounts)
{
    m_accounts = accounts;
    m_account->clear();
    for (const auto &a : accounts) {
        if (!m_name.isEmpty() && a.name != m_name)
            continue;
        if (m_name.isEmpty() && a.exists)
            continue; // create mode offers the accounts that do not exist yet
        m_account->addItem(a.name, a.name);
    }
    m_account->setEnabled(m_name.isEmpty());
    if (m_account->count() == 0)
        showMessage(tr("Every service account exists already: select one to change its password."));
}

void ServiceAccountEditor::load(const LdapDn &dn)
{
    setDn(dn);
    m_name = dn.rdnValue();
    m_delete->show();
    setTitle(tr("Service account %1").arg(m_name));
    read<QList<ServiceOps::ServiceAccountInfo>>([](DirectorySession &s) { return ServiceOps::list(s); },
                                                [this](const QList<ServiceOps::ServiceAccountInfo> &a) { showAccounts(a); });
}

bool ServiceAccountEditor::startNew(const LdapDn &container)
{
    if (!(container == context().dit.services()))
        return false;
    m_name.clear();
    m_delete->hide();
    setTitle(tr("New service account"));
    read<QList<ServiceOps::ServiceAccountInfo>>([](DirectorySession &s) { return ServiceOps::list(s); },
                                                [this](const QList<ServiceOps::ServiceAccountInfo> &a) { showAccounts(a); });
    return true;
}

void ServiceAccountEditor::save()
{
    const QString name = currentName();
    const QString password = m_password->text();
    const bool creating = m_name.isEmpty();
    execute(Command::make(tr("Set the password of service account %1").arg(name), [name, password](DirectorySession &s) -> OpResult<Done> {
        auto r = ServiceOps::setPassword(s, name, password);
        if (!r.ok())
            return r.error();
        return Done{};
    }), [this, name, creating] {
        m_password->clear();
        if (creating)
            load(context().dit.services().child(QStringLiteral("cn"), name));
        else
            showMessage(tr("Password changed. Give the service the same password in its configuration."));
    });
}

void ServiceAccountEditor::remove()
{
    const QString name = currentName();
    if (!confirm(tr("Remove service account %1? Its service can no longer read the directory.").arg(name)))
        return;
    execute(Command::make(tr("Remove service account %1").arg(name), [name](DirectorySession &s) {
        return ServiceOps::remove(s, name);
    }), [this] { Q_EMIT finished(); });
}

} // namespace Isp::Console

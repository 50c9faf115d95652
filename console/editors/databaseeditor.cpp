#include "console/editors/databaseeditor.h"

#include "console/editors/webcommands.h"
#include "core/ops/databaseops.h"
#include "core/ops/domainops.h"
#include "core/validation/database.h"

#include <QFormLayout>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>

namespace Isp::Console {

using namespace Isp::Core;

namespace {
const QString Databases = QStringLiteral("databases");
}

DatabaseEditor::DatabaseEditor(const ConsoleContext &context, QWidget *parent) : EntityEditor(context, parent)
{
    auto line = [this](const QString &objectName, const QString &placeholder) {
        auto *e = new QLineEdit(this);
        e->setObjectName(objectName);
        e->setPlaceholderText(placeholder);
        return e;
    };
    m_name = line(QStringLiteral("name"), tr("shop (becomes <domain>_shop)"));
    addField(QStringLiteral("database"), tr("Name"), m_name);
    m_user = line(QStringLiteral("user"), tr("default: the database's name"));
    addField(QStringLiteral("user"), tr("User"), m_user);
    m_host = line(QStringLiteral("dbHost"), tr("default: the domain's, else the least used of databasegroup"));
    addField(QStringLiteral("db-host"), tr("Server"), m_host);
    m_password = line(QStringLiteral("password"), {});
    m_password->setEchoMode(QLineEdit::Password);
    addField(QStringLiteral("password"), tr("Password"), m_password);
    m_accessFrom = line(QStringLiteral("accessFrom"), tr("localhost, %.example.com, 10.0.0.%"));
    addField(QStringLiteral("access-from"), tr("Connects from"), m_accessFrom, {QStringLiteral("dbAccessHostFilter")});
    m_privileges = new QListWidget(this);
    m_privileges->setObjectName(QStringLiteral("privileges"));
    m_privileges->setMaximumHeight(140);
    addField(QStringLiteral("privilege"), tr("Privileges"), m_privileges, {QStringLiteral("dbAccessPermissions")});
    setPrivileges({});

    m_setPassword = addButton(tr("Set password"), tr("Sets the password typed above"));
    m_setPassword->setObjectName(QStringLiteral("setPassword"));
    m_delete = addButton(tr("Delete"), tr("Drops the database and its user on the server"));
    m_delete->setObjectName(QStringLiteral("delete"));
    connect(saveButton(), &QPushButton::clicked, this, &DatabaseEditor::save);
    connect(m_setPassword, &QPushButton::clicked, this, &DatabaseEditor::setPassword);
    connect(m_delete, &QPushButton::clicked, this, &DatabaseEditor::remove);
    connect(m_host, &QLineEdit::textChanged, this, &DatabaseEditor::updatePreview);
    // Steps of the history (also undo from the Edit menu) may have changed it: show it again.
    connect(context.commands, &CommandStack::executed, this, [this] {
        if (!m_creating && !m_removing && !dn().isEmpty())
            reload();
    });
    setCreating(false);
}

void DatabaseEditor::setCreating(bool creating)
{
    m_creating = creating;
    for (QLineEdit *e : {m_name, m_user, m_host})
        e->setReadOnly(!creating);
    m_setPassword->setVisible(!creating);
    m_delete->setVisible(!creating);
}

void DatabaseEditor::setPrivileges(const QStringList &privileges)
{
    // The names core knows, then any other the entry holds (written by other tools).
    QStringList names = Validate::databasePrivilegeNames();
    for (const QString &p : privileges) {
        if (!names.contains(p))
            names << p;
    }
    m_privileges->clear();
    for (const QString &n : std::as_const(names)) {
        auto *item = new QListWidgetItem(n, m_privileges);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
        item->setCheckState(privileges.contains(n) ? Qt::Checked : Qt::Unchecked);
    }
}

QStringList DatabaseEditor::checkedPrivileges() const
{
    QStringList out;
    for (int i = 0; i < m_privileges->count(); ++i) {
        if (m_privileges->item(i)->checkState() == Qt::Checked)
            out << m_privileges->item(i)->text();
    }
    return out;
}

bool DatabaseEditor::startNew(const LdapDn &container)
{
    const QString domain = WebCommands::domainOfBranch(container, Databases);
    if (domain.isEmpty())
        return false;
    m_domain = domain;
    m_db = Database();
    m_domainDbHost.clear();
    setDn(LdapDn());
    setCreating(true);
    clearErrors();
    for (QLineEdit *e : {m_name, m_user, m_host, m_password, m_accessFrom})
        e->clear();
    setPrivileges({}); // none checked: core takes the configured defaults
    setTitle(tr("New database of %1").arg(domain));
    updatePreview();
    read<DomainOps::DomainInfo>([domain](DirectorySession &s) { return DomainOps::show(s, domain); },
                                [this](const DomainOps::DomainInfo &info) {
                                    m_domainDbHost = info.domain.dbHost;
                                    updatePreview();
                                });
    m_name->setFocus();
    return true;
}

void DatabaseEditor::load(const LdapDn &dn)
{
    const QString domain = WebCommands::domainOfEntry(dn, Databases);
    if (domain.isEmpty()) {
        showError(OpError::invalid({}, tr("%1 is not a database").arg(dn.toString())));
        return;
    }
    m_domain = domain;
    m_removing = false;
    setDn(dn);
    setCreating(false);
    setTitle(tr("Database %1").arg(dn.rdnValue()));
    reload();
}

void DatabaseEditor::reload()
{
    const QString domain = m_domain, name = dn().rdnValue();
    context().backend->run<Database>(
        this, [domain, name](DirectorySession &s) { return DatabaseOps::show(s, domain, name); },
        [this](OpResult<Database> r) {
            if (m_removing)
                return; // deleted by this editor
            if (!r.ok()) {
                showError(r.error());
                return;
            }
            showDatabase(*r);
        },
        Backend::Wait::No);
}

void DatabaseEditor::showDatabase(const Database &db)
{
    m_db = db;
    m_name->setText(db.name);
    m_user->setText(db.user);
    m_host->setText(db.host);
    m_password->clear();
    m_password->setPlaceholderText(db.passwordHash.isEmpty() ? tr("none set") : tr("set (type a new one to change it)"));
    m_accessFrom->setText(db.accessFrom.join(QStringLiteral(" ")));
    setPrivileges(db.privileges);
    updatePreview();
    Q_EMIT loaded();
}

void DatabaseEditor::updatePreview()
{
    if (m_creating) {
        const QString typed = m_host->text().trimmed();
        const QString host = !typed.isEmpty() ? typed
                             : !m_domainDbHost.isEmpty() ? m_domainDbHost
                                                         : tr("the least used host of databasegroup");
        setQueuePreview(QStringLiteral("AddDatabase"), {host});
        return;
    }
    setQueuePreview(m_db.host.isEmpty() ? QString() : QStringLiteral("UpdateDatabase"), {m_db.host});
}

void DatabaseEditor::save()
{
    if (m_creating) {
        DatabaseOps::DatabaseSpec spec;
        spec.domain = m_domain;
        spec.name = m_name->text().trimmed();
        spec.user = m_user->text().trimmed();
        spec.password = m_password->text();
        spec.host = m_host->text().trimmed();
        spec.accessFrom = WebCommands::words(m_accessFrom->text());
        spec.privileges = checkedPrivileges();
        auto made = std::make_shared<Database>();
        execute(WebCommands::addDatabase(spec, made),
                [this, made] { load(Database::dn(context().dit, made->domain, made->name)); });
        return;
    }
    DatabaseOps::DatabaseChange change;
    const QStringList access = WebCommands::words(m_accessFrom->text());
    if (access != m_db.accessFrom)
        change.accessFrom = access;
    QStringList privileges = checkedPrivileges(), old = m_db.privileges;
    privileges.sort();
    old.sort();
    if (privileges != old)
        change.privileges = checkedPrivileges();
    if (!change.accessFrom && !change.privileges) {
        showMessage(tr("Nothing to save: no field differs from the directory."));
        return;
    }
    execute(WebCommands::editDatabase(m_db.domain, m_db.name, change));
}

void DatabaseEditor::setPassword()
{
    execute(WebCommands::setDatabasePassword(m_db.domain, m_db.name, m_password->text()), [this] {
        m_password->clear();
        showMessage(tr("The password of %1 is set.").arg(m_db.user));
    });
}

void DatabaseEditor::remove()
{
    if (!confirm(tr("Delete the database %1 and its user %2 on %3? Its data is lost; this cannot be undone.")
                     .arg(m_db.name, m_db.user, m_db.host)))
        return;
    execute(WebCommands::removeDatabase(m_db.domain, m_db.name), [this] {
        m_removing = true;
        Q_EMIT finished();
    });
}

} // namespace Isp::Console

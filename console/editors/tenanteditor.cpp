#include "console/editors/tenanteditor.h"

#include "console/editors/infracommands.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>

namespace Isp::Console {

using namespace Isp::Core;

namespace {

// "-1" is how core spells unlimited; the form shows it as typed.
QString limitText(qint64 limit)
{
    return QString::number(limit);
}

} // namespace

// ---- TenantEditor

TenantEditor::TenantEditor(const ConsoleContext &context, QWidget *parent)
    : EntityEditor(context, parent), m_watch(new InfraEntryWatch(context.live, this))
{
    // Keys are the field names core uses in its errors (cli: --given-name, --postal-code ...).
    m_name = lineEdit(this, QStringLiteral("name"));
    addField(QStringLiteral("name"), tr("Name"), m_name);
    m_cn = lineEdit(this, QStringLiteral("cn"));
    addField(QStringLiteral("cn"), tr("Contact name"), m_cn);
    m_sn = lineEdit(this, QStringLiteral("sn"));
    addField(QStringLiteral("sn"), tr("Surname"), m_sn);
    m_givenName = lineEdit(this, QStringLiteral("given-name"));
    addField(QStringLiteral("given-name"), tr("Given name"), m_givenName);
    m_mail = lineEdit(this, QStringLiteral("mail"));
    addField(QStringLiteral("mail"), tr("Mail"), m_mail);
    m_phone = lineEdit(this, QStringLiteral("phone"));
    addField(QStringLiteral("phone"), tr("Telephone"), m_phone);
    m_street = lineEdit(this, QStringLiteral("street"));
    addField(QStringLiteral("street"), tr("Street"), m_street);
    m_postalCode = lineEdit(this, QStringLiteral("postal-code"));
    addField(QStringLiteral("postal-code"), tr("Postal code"), m_postalCode);
    m_city = lineEdit(this, QStringLiteral("city"));
    addField(QStringLiteral("city"), tr("City"), m_city);
    m_country = lineEdit(this, QStringLiteral("country"));
    m_country->setPlaceholderText(tr("CH"));
    addField(QStringLiteral("country"), tr("Country"), m_country);

    m_status = addButton(tr("Suspend"));
    m_status->setObjectName(QStringLiteral("toggleStatus"));
    m_setPassword = addButton(tr("Set password"), tr("Sets the password now; it cannot be undone."));
    m_setPassword->setObjectName(QStringLiteral("setPassword"));
    m_delete = addButton(tr("Delete"));
    m_delete->setObjectName(QStringLiteral("delete"));
    connect(saveButton(), &QPushButton::clicked, this, [this] { save(); });
    connect(m_status, &QPushButton::clicked, this, [this] { toggleStatus(); });
    connect(m_setPassword, &QPushButton::clicked, this, [this] { setPassword(); });
    connect(m_delete, &QPushButton::clicked, this, [this] { remove(); });
}

void TenantEditor::addCommonFields(const QString &limitKey, const QString &limitLabel)
{
    m_limit = lineEdit(this, limitKey);
    m_limit->setToolTip(tr("-1 for unlimited"));
    addField(limitKey, limitLabel, m_limit);
    m_login = lineEdit(this, QStringLiteral("login"));
    m_login->setToolTip(tr("The name it logs in to the panel with; empty: it cannot log in."));
    addField(QStringLiteral("login"), tr("Login"), m_login);
    m_password = lineEdit(this, QStringLiteral("password"));
    m_password->setEchoMode(QLineEdit::Password);
    addField(QStringLiteral("password"), tr("Password"), m_password);
}

void TenantEditor::setCreating(bool creating)
{
    m_deleting = false;
    m_creating = creating;
    m_status->setVisible(!creating);
    m_setPassword->setVisible(!creating);
    m_delete->setVisible(!creating);
    if (creating) {
        m_watch->clear();
        for (QLineEdit *e : { m_name, m_cn, m_sn, m_givenName, m_mail, m_phone, m_street, m_postalCode, m_city,
                 m_country, m_limit, m_login, m_password })
            e->clear();
        m_loadedContact = Contact();
        clearErrors();
    }
}

void TenantEditor::showCommon(
    const QString &name, const Contact &c, qint64 limit, const QString &login, TenantStatus status)
{
    m_loadedName = name;
    m_loadedContact = c;
    m_loadedLimit = limit;
    m_loadedLogin = login;
    m_loadedStatus = status;
    m_name->setText(name);
    m_cn->setText(c.cn);
    m_sn->setText(c.sn);
    m_givenName->setText(c.givenName);
    m_mail->setText(c.mail);
    m_phone->setText(c.telephone);
    m_street->setText(c.street);
    m_postalCode->setText(c.postalCode);
    m_city->setText(c.locality);
    m_country->setText(c.country);
    m_limit->setText(limitText(limit));
    m_login->setText(login);
    m_password->clear();
    m_status->setText(status == TenantStatus::Active ? tr("Suspend") : tr("Resume"));
}

TenantOps::ContactSpec TenantEditor::contactSpec() const
{
    return { m_cn->text(), m_sn->text(), m_givenName->text(), m_mail->text(), m_phone->text(), m_street->text(),
        m_postalCode->text(), m_city->text(), m_country->text() };
}

TenantOps::ContactChange TenantEditor::contactChange() const
{
    TenantOps::ContactChange c;
    auto diff = [](const QLineEdit *e, const QString &loaded, std::optional<QString> &into) {
        if (e->text() != loaded)
            into = e->text();
    };
    diff(m_cn, m_loadedContact.cn, c.cn);
    diff(m_sn, m_loadedContact.sn, c.sn);
    diff(m_givenName, m_loadedContact.givenName, c.givenName);
    diff(m_mail, m_loadedContact.mail, c.mail);
    diff(m_phone, m_loadedContact.telephone, c.telephone);
    diff(m_street, m_loadedContact.street, c.street);
    diff(m_postalCode, m_loadedContact.postalCode, c.postalCode);
    diff(m_city, m_loadedContact.locality, c.locality);
    diff(m_country, m_loadedContact.country, c.country);
    return c;
}

bool TenantEditor::isEmpty(const TenantOps::ContactChange &c)
{
    return !c.cn && !c.sn && !c.givenName && !c.mail && !c.telephone && !c.street && !c.postalCode && !c.locality
        && !c.country;
}

bool TenantEditor::isDirty() const
{
    return m_name->text() != m_loadedName || !isEmpty(contactChange())
        || m_limit->text().trimmed() != limitText(m_loadedLimit) || m_login->text().trimmed() != m_loadedLogin
        || !m_password->text().isEmpty();
}

// ---- ResellerEditor

ResellerEditor::ResellerEditor(const ConsoleContext &context, QWidget *parent) : TenantEditor(context, parent)
{
    addCommonFields(QStringLiteral("max-clients"), tr("Max. clients"));
    connect(m_watch, &InfraEntryWatch::changed, this, [this](const LdapEntry &e) {
        // Another admin's change or an undo: show it, unless the admin is typing.
        if (!isDirty())
            showReseller(Reseller::fromEntry(e));
    });
    connect(m_watch, &InfraEntryWatch::removed, this, [this] {
        if (m_deleting)
            return;
        showMessage(tr("This reseller was deleted."));
        Q_EMIT finished();
    });
    setCreating(false);
}

void ResellerEditor::load(const LdapDn &dn)
{
    setCreating(false);
    setDn(dn);
    m_id = dn.rdnValue().toLongLong();
    setTitle(tr("Reseller %1").arg(m_id));
    const qint64 id = m_id;
    read<Reseller>([id](DirectorySession &s) { return TenantOps::showReseller(s, id); },
        [this](const Reseller &r) {
            showReseller(r);
            setTitle(tr("Reseller %1 (%2)").arg(r.name).arg(r.id));
        });
    m_watch->watch(dn);
}

bool ResellerEditor::startNew(const LdapDn &container)
{
    if (!(container == context().dit.tenants()))
        return false;
    setCreating(true);
    setDn(LdapDn());
    m_id = 0;
    setTitle(tr("New reseller"));
    return true;
}

void ResellerEditor::showReseller(const Reseller &r)
{
    showCommon(r.name, r.contact, r.maxClients, r.login, r.status);
}

void ResellerEditor::save()
{
    if (isCreating()) {
        TenantOps::ResellerSpec spec { m_name->text(), contactSpec(), m_limit->text().trimmed(),
            m_login->text().trimmed(), m_password->text() };
        auto created = std::make_shared<Reseller>();
        execute(
            InfraCommands::addReseller(spec, created), [this, created] { load(context().dit.reseller(created->id)); });
        return;
    }
    TenantOps::ResellerChange change;
    if (m_name->text() != m_loadedName)
        change.name = m_name->text();
    change.contact = contactChange();
    if (m_limit->text().trimmed() != limitText(m_loadedLimit))
        change.maxClients = m_limit->text().trimmed();
    if (m_login->text().trimmed() != m_loadedLogin)
        change.login = m_login->text().trimmed();
    if (!change.name && isEmpty(change.contact) && !change.maxClients && !change.login) {
        showMessage(tr("Nothing to save."));
        return;
    }
    execute(InfraCommands::editReseller(m_id, change), [this] { load(dn()); });
}

void ResellerEditor::toggleStatus()
{
    const TenantStatus next = m_loadedStatus == TenantStatus::Active ? TenantStatus::Suspended : TenantStatus::Active;
    execute(InfraCommands::setResellerStatus(m_id, next), [this] { load(dn()); });
}

void ResellerEditor::setPassword()
{
    execute(InfraCommands::setResellerPassword(m_id, m_password->text()), [this] {
        m_password->clear();
        showMessage(tr("The password is set."));
    });
}

void ResellerEditor::remove()
{
    if (!confirm(tr("Delete reseller %1 (%2)? This cannot be undone.").arg(m_loadedName).arg(m_id)))
        return;
    m_deleting = true;
    execute(InfraCommands::removeReseller(m_id), [this] { Q_EMIT finished(); });
}

// ---- ClientEditor

ClientEditor::ClientEditor(const ConsoleContext &context, QWidget *parent) : TenantEditor(context, parent)
{
    addCommonFields(QStringLiteral("max-domains"), tr("Max. domains"));
    m_mailHost = lineEdit(this, QStringLiteral("mail-host"));
    addField(QStringLiteral("mail-host"), tr("Default mail host"), m_mailHost);
    m_webHosts = lineEdit(this, QStringLiteral("web-host"));
    addField(QStringLiteral("web-host"), tr("Default web hosts"), m_webHosts);
    m_fileServer = lineEdit(this, QStringLiteral("file-server"));
    addField(QStringLiteral("file-server"), tr("Default file server"), m_fileServer);
    m_dnsHosts = lineEdit(this, QStringLiteral("dns-host"));
    addField(QStringLiteral("dns-host"), tr("DNS hosts"), m_dnsHosts);
    m_smtpHosts = lineEdit(this, QStringLiteral("smtp-host"));
    addField(QStringLiteral("smtp-host"), tr("SMTP hosts"), m_smtpHosts);

    auto *moveRow = new QWidget(this);
    auto *h = new QHBoxLayout(moveRow);
    h->setContentsMargins(0, 0, 0, 0);
    m_moveTo = new QComboBox(moveRow);
    m_moveTo->setObjectName(QStringLiteral("moveTo"));
    h->addWidget(m_moveTo, 1);
    m_move = new QPushButton(tr("Move"), moveRow);
    m_move->setObjectName(QStringLiteral("move"));
    m_move->setToolTip(tr("Moves the client and re-tags its domains; the new reseller's limit applies."));
    h->addWidget(m_move);
    // moveClient names the target reseller "to" in its errors.
    addField(QStringLiteral("to"), tr("Move to reseller"), moveRow);
    connect(m_move, &QPushButton::clicked, this, &ClientEditor::move);

    connect(m_watch, &InfraEntryWatch::changed, this, [this](const LdapEntry &e) {
        if (!isDirty())
            showClient(Client::fromEntry(e));
    });
    connect(m_watch, &InfraEntryWatch::moved, this, [this](const LdapDn &newDn) { load(newDn); });
    // Moved below a reseller whose level the live view does not follow, or deleted by someone
    // else: find it again by its id.
    connect(m_watch, &InfraEntryWatch::removed, this, [this] {
        if (!m_deleting)
            follow(m_id);
    });
    setCreating(false);
}

void ClientEditor::load(const LdapDn &dn)
{
    setCreating(false);
    form()->setRowVisible(m_moveTo->parentWidget()->parentWidget(), true);
    setDn(dn);
    m_id = dn.rdnValue().toLongLong();
    m_resellerId = dn.parent().rdnValue().toLongLong();
    setTitle(tr("Client %1").arg(m_id));
    const qint64 id = m_id;
    read<Client>([id](DirectorySession &s) { return TenantOps::showClient(s, id); },
        [this](const Client &c) {
            showClient(c);
            setTitle(tr("Client %1 (%2)").arg(c.name).arg(c.id));
        });
    read<QList<Reseller>>([](DirectorySession &s) { return TenantOps::listResellers(s); },
        [this](const QList<Reseller> &resellers) {
            m_moveTo->clear();
            for (const Reseller &r : resellers) {
                if (r.id != m_resellerId)
                    m_moveTo->addItem(tr("%1 (%2)").arg(r.name).arg(r.id), r.id);
            }
            m_move->setEnabled(m_moveTo->count() > 0);
        });
    m_watch->watch(dn);
}

bool ClientEditor::startNew(const LdapDn &container)
{
    if (container.rdnAttribute().compare(QLatin1String("ispmanResellerId"), Qt::CaseInsensitive) != 0
        || !(container.parent() == context().dit.tenants()))
        return false;
    setCreating(true);
    for (QLineEdit *e : { m_mailHost, m_webHosts, m_fileServer, m_dnsHosts, m_smtpHosts })
        e->clear();
    form()->setRowVisible(m_moveTo->parentWidget()->parentWidget(), false);
    setDn(LdapDn());
    m_id = 0;
    m_resellerId = container.rdnValue().toLongLong();
    setTitle(tr("New client of reseller %1").arg(m_resellerId));
    return true;
}

void ClientEditor::showClient(const Client &c)
{
    m_resellerId = c.resellerId ? c.resellerId : m_resellerId;
    showCommon(c.name, c.contact, c.maxDomains, c.login, c.status);
    m_loadedHosts = c.hosts;
    m_mailHost->setText(c.hosts.mailDrop);
    m_webHosts->setText(c.hosts.web.join(QLatin1Char(' ')));
    m_fileServer->setText(c.hosts.fileServer);
    m_dnsHosts->setText(c.hosts.dns.join(QLatin1Char(' ')));
    m_smtpHosts->setText(c.hosts.smtp.join(QLatin1Char(' ')));
}

bool ClientEditor::isDirty() const
{
    return TenantEditor::isDirty() || m_mailHost->text().trimmed() != m_loadedHosts.mailDrop
        || splitWords(m_webHosts->text()) != m_loadedHosts.web || m_fileServer->text().trimmed() != m_loadedHosts.fileServer
        || splitWords(m_dnsHosts->text()) != m_loadedHosts.dns || splitWords(m_smtpHosts->text()) != m_loadedHosts.smtp;
}

void ClientEditor::follow(qint64 id)
{
    if (id <= 0)
        return;
    context().backend->run<Client>(
        this, [id](DirectorySession &s) { return TenantOps::showClient(s, id); },
        [this, id](OpResult<Client> c) {
            if (id != m_id)
                return; // the editor shows another client by now
            if (!c.ok()) {
                showMessage(tr("This client was deleted."));
                Q_EMIT finished();
                return;
            }
            load(context().dit.client(c->resellerId, c->id));
        },
        Backend::Wait::No);
}

void ClientEditor::save()
{
    if (isCreating()) {
        TenantOps::ClientSpec spec;
        spec.resellerId = m_resellerId;
        spec.name = m_name->text();
        spec.contact = contactSpec();
        spec.maxDomains = m_limit->text().trimmed();
        spec.hosts = DefaultHosts { m_mailHost->text().trimmed(), splitWords(m_webHosts->text()),
            m_fileServer->text().trimmed(), splitWords(m_dnsHosts->text()), splitWords(m_smtpHosts->text()) };
        spec.login = m_login->text().trimmed();
        spec.password = m_password->text();
        auto created = std::make_shared<Client>();
        execute(InfraCommands::addClient(spec, created),
            [this, created] { load(context().dit.client(created->resellerId, created->id)); });
        return;
    }
    TenantOps::ClientChange change;
    if (m_name->text() != m_loadedName)
        change.name = m_name->text();
    change.contact = contactChange();
    if (m_limit->text().trimmed() != limitText(m_loadedLimit))
        change.maxDomains = m_limit->text().trimmed();
    if (m_login->text().trimmed() != m_loadedLogin)
        change.login = m_login->text().trimmed();
    if (m_mailHost->text().trimmed() != m_loadedHosts.mailDrop)
        change.hosts.mailDrop = m_mailHost->text().trimmed();
    if (splitWords(m_webHosts->text()) != m_loadedHosts.web)
        change.hosts.web = splitWords(m_webHosts->text());
    if (m_fileServer->text().trimmed() != m_loadedHosts.fileServer)
        change.hosts.fileServer = m_fileServer->text().trimmed();
    if (splitWords(m_dnsHosts->text()) != m_loadedHosts.dns)
        change.hosts.dns = splitWords(m_dnsHosts->text());
    if (splitWords(m_smtpHosts->text()) != m_loadedHosts.smtp)
        change.hosts.smtp = splitWords(m_smtpHosts->text());
    const bool hostsChanged
        = change.hosts.mailDrop || change.hosts.web || change.hosts.fileServer || change.hosts.dns || change.hosts.smtp;
    if (!change.name && isEmpty(change.contact) && !change.maxDomains && !change.login && !hostsChanged) {
        showMessage(tr("Nothing to save."));
        return;
    }
    execute(InfraCommands::editClient(m_id, change), [this] { load(dn()); });
}

void ClientEditor::toggleStatus()
{
    const TenantStatus next = m_loadedStatus == TenantStatus::Active ? TenantStatus::Suspended : TenantStatus::Active;
    execute(InfraCommands::setClientStatus(m_id, next), [this] { load(dn()); });
}

void ClientEditor::setPassword()
{
    execute(InfraCommands::setClientPassword(m_id, m_password->text()), [this] {
        m_password->clear();
        showMessage(tr("The password is set."));
    });
}

void ClientEditor::remove()
{
    if (!confirm(tr("Delete client %1 (%2)? This cannot be undone.").arg(m_loadedName).arg(m_id)))
        return;
    m_deleting = true;
    execute(InfraCommands::removeClient(m_id), [this] { Q_EMIT finished(); });
}

void ClientEditor::move()
{
    if (m_moveTo->currentIndex() < 0)
        return;
    const qint64 to = m_moveTo->currentData().toLongLong();
    const qint64 id = m_id;
    execute(InfraCommands::moveClient(id, to), [this, id, to] { load(context().dit.client(to, id)); });
}

} // namespace Isp::Console

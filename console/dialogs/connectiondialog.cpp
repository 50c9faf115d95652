#include "console/dialogs/connectiondialog.h"
#include "console/entityeditor.h"

#include "core/acl/acl.h"
#include "core/model/dit.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QVBoxLayout>

namespace Isp::Console {

using namespace Isp::Core;

namespace {

bool isUnreachable(const LdapError &e)
{
    return e.code() == LdapCode::ConnectError || e.code() == LdapCode::ServerDown || e.code() == LdapCode::Timeout;
}

} // namespace

ConnectionDialog::ConnectionDialog(ProfileStore *store, QWidget *parent) : QDialog(parent), m_store(store)
{
    setWindowTitle(tr("Connect to an ISPMan directory"));
    auto *layout = new QVBoxLayout(this);

    auto *pick = new QHBoxLayout;
    m_profiles = new QComboBox(this);
    m_profiles->setObjectName(QStringLiteral("profiles"));
    m_profiles->setMinimumContentsLength(20);
    auto *add = new QPushButton(tr("New"), this);
    add->setObjectName(QStringLiteral("newProfile"));
    m_save = new QPushButton(tr("Save profile"), this);
    m_save->setObjectName(QStringLiteral("saveProfile"));
    m_delete = new QPushButton(tr("Delete profile"), this);
    m_delete->setObjectName(QStringLiteral("deleteProfile"));
    pick->addWidget(new QLabel(tr("Profile:"), this));
    pick->addWidget(m_profiles, 1);
    pick->addWidget(add);
    pick->addWidget(m_save);
    pick->addWidget(m_delete);
    layout->addLayout(pick);

    auto *form = new QFormLayout;
    auto line = [this](const QString &name, const QString &placeholder) {
        auto *e = new QLineEdit(this);
        e->setObjectName(name);
        e->setPlaceholderText(placeholder);
        return e;
    };
    m_name = line(QStringLiteral("name"), tr("production"));
    m_uris = line(QStringLiteral("uris"), tr("ldap://ldap1.example.net ldap://ldap2.example.net"));
    m_uris->setToolTip(tr("One or more server URIs, separated by spaces; they are tried in order."));
    m_baseDn = line(QStringLiteral("base"), tr("o=ispman"));
    m_bindDn = line(QStringLiteral("bindDn"), tr("uid=admin,ou=admins,o=ispman"));
    m_startTls = new QCheckBox(tr("Use StartTLS"), this);
    m_startTls->setObjectName(QStringLiteral("startTls"));
    m_caFile = line(QStringLiteral("caFile"), tr("the system's certificates"));
    auto *caRow = new QHBoxLayout;
    auto *browse = new QPushButton(tr("Browse…"), this);
    caRow->addWidget(m_caFile, 1);
    caRow->addWidget(browse);
    m_password = line(QStringLiteral("password"), QString());
    m_password->setEchoMode(QLineEdit::Password);
    m_remember = new QCheckBox(tr("Remember the password in the desktop keyring"), this);
    m_remember->setObjectName(QStringLiteral("remember"));
    m_keyringNote = new QLabel(this);
    m_keyringNote->setObjectName(QStringLiteral("keyringNote"));
    m_keyringNote->setWordWrap(true);
    m_keyringNote->hide();
    form->addRow(tr("Name:"), m_name);
    form->addRow(tr("Servers:"), m_uris);
    form->addRow(tr("Base DN:"), m_baseDn);
    form->addRow(tr("Bind DN:"), m_bindDn);
    form->addRow(QString(), m_startTls);
    form->addRow(tr("CA file:"), caRow);
    form->addRow(tr("Password:"), m_password);
    form->addRow(QString(), m_remember);
    form->addRow(QString(), m_keyringNote);
    layout->addLayout(form);

    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("message"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_message);

    auto *buttons = new QDialogButtonBox(this);
    m_connect = buttons->addButton(tr("Connect"), QDialogButtonBox::AcceptRole);
    m_connect->setObjectName(QStringLiteral("connect"));
    m_connect->setDefault(true);
    buttons->addButton(QDialogButtonBox::Cancel);
    layout->addWidget(buttons);

    connect(buttons, &QDialogButtonBox::accepted, this, &ConnectionDialog::connectToServer);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(add, &QPushButton::clicked, this, &ConnectionDialog::newProfile);
    connect(m_save, &QPushButton::clicked, this, &ConnectionDialog::saveProfile);
    connect(m_delete, &QPushButton::clicked, this, &ConnectionDialog::deleteProfile);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getOpenFileName(this, tr("CA certificate"), m_caFile->text(),
                                                          tr("Certificates (*.pem *.crt);;All files (*)"));
        if (!file.isEmpty())
            m_caFile->setText(file);
    });
    connect(m_password, &QLineEdit::textEdited, this, [this] { m_passwordTyped = true; });
    connect(m_profiles, &QComboBox::activated, this, [this](int index) { selectProfile(m_profiles->itemText(index)); });
    connect(m_store, &ProfileStore::keyringUnavailable, this, &ConnectionDialog::updateKeyringNote);

    const QStringList names = m_store->names();
    reloadProfiles(names.isEmpty() ? QString() : names.first());
    if (!names.isEmpty())
        selectProfile(names.first());
    updateKeyringNote();
}

ConnectionDialog::~ConnectionDialog() = default;

void ConnectionDialog::reloadProfiles(const QString &select)
{
    const QSignalBlocker block(m_profiles);
    m_profiles->clear();
    m_profiles->addItems(m_store->names());
    m_profiles->setCurrentIndex(m_profiles->findText(select));
    m_delete->setEnabled(m_profiles->currentIndex() >= 0);
}

void ConnectionDialog::showProfile(const ConnectionProfile &p)
{
    m_name->setText(p.name);
    m_uris->setText(p.uris.join(QLatin1Char(' ')));
    m_baseDn->setText(p.baseDn);
    m_bindDn->setText(p.bindDn);
    m_startTls->setChecked(p.startTls);
    m_caFile->setText(p.caFile);
    m_remember->setChecked(p.rememberPassword && m_store->canRememberPasswords());
    m_password->clear();
    m_passwordTyped = false;
    m_message->clear();
}

ConnectionProfile ConnectionDialog::currentProfile() const
{
    ConnectionProfile p;
    p.name = m_name->text().trimmed();
    p.uris = splitWords(m_uris->text());
    p.baseDn = m_baseDn->text().trimmed();
    p.bindDn = m_bindDn->text().trimmed();
    p.startTls = m_startTls->isChecked();
    p.caFile = m_caFile->text().trimmed();
    p.rememberPassword = m_remember->isChecked() && m_remember->isEnabled();
    return p;
}

void ConnectionDialog::preset(const ConnectionProfile &profile, const QString &password)
{
    reloadProfiles(profile.name);
    showProfile(profile);
    if (!password.isEmpty())
        setPassword(password);
}

void ConnectionDialog::selectProfile(const QString &name)
{
    const auto p = m_store->profile(name);
    if (!p)
        return;
    reloadProfiles(name);
    showProfile(*p);
    if (!p->rememberPassword)
        return;
    m_store->readPassword(name, this, [this, name](ProfileStore::PasswordResult r) {
        // The admin may have moved on, or typed a password meanwhile: theirs wins.
        if (m_name->text().trimmed() != name || m_passwordTyped)
            return;
        if (r.password)
            m_password->setText(*r.password);
        updateKeyringNote();
    });
}

void ConnectionDialog::setPassword(const QString &password)
{
    m_password->setText(password);
    m_passwordTyped = true;
}

QString ConnectionDialog::message() const
{
    return m_message->text();
}

void ConnectionDialog::updateKeyringNote()
{
    const bool can = m_store->canRememberPasswords();
    m_remember->setEnabled(can);
    if (!can) {
        m_remember->setChecked(false);
        m_keyringNote->setText(tr("Passwords cannot be remembered on this machine (%1): the console asks for it "
                                  "each time. A desktop keyring (Secret Service, e.g. GNOME Keyring or KWallet) "
                                  "makes it possible.")
                                   .arg(m_store->keyringError()));
    }
    m_keyringNote->setVisible(!can);
}

void ConnectionDialog::newProfile()
{
    reloadProfiles(QString());
    showProfile(ConnectionProfile{});
    m_name->setFocus();
}

void ConnectionDialog::saveProfile()
{
    const ConnectionProfile p = currentProfile();
    if (const QString error = m_store->save(p); !error.isEmpty()) {
        m_message->setText(error);
        return;
    }
    reloadProfiles(p.name);
    m_message->setText(tr("Profile \"%1\" saved.").arg(p.name));
}

void ConnectionDialog::deleteProfile()
{
    const QString name = m_profiles->currentText();
    if (name.isEmpty())
        return;
    m_store->remove(name);
    const QStringList names = m_store->names();
    if (names.isEmpty())
        newProfile();
    else
        selectProfile(names.first());
    m_message->setText(tr("Profile \"%1\" deleted.").arg(name));
}

void ConnectionDialog::setBusy(bool busy)
{
    m_connect->setEnabled(!busy);
    m_profiles->setEnabled(!busy);
    if (busy)
        m_message->setText(tr("Connecting…"));
}

void ConnectionDialog::dropProbe()
{
    ++m_attempt;
    if (!m_probe)
        return;
    // Not deleted here: this may run inside one of the connection's own callbacks.
    LdapConnection *probe = m_probe.release();
    probe->disconnect(this);
    probe->close();
    probe->deleteLater();
}

void ConnectionDialog::fail(const QString &message)
{
    dropProbe();
    setBusy(false);
    m_message->setText(message);
    Q_EMIT attemptFinished(false, message);
}

void ConnectionDialog::connectToServer()
{
    if (m_probe)
        return;
    const ConnectionProfile p = currentProfile();
    if (p.uris.isEmpty()) {
        fail(tr("Give the server's URI, e.g. ldap://ldap.example.net."));
        return;
    }
    const auto base = LdapDn::parse(p.baseDn);
    if (p.baseDn.isEmpty() || !base) {
        fail(tr("The base DN \"%1\" is not a DN (e.g. o=ispman).").arg(p.baseDn));
        return;
    }
    if (p.bindDn.isEmpty() || !LdapDn::parse(p.bindDn)) {
        fail(tr("The bind DN \"%1\" is not a DN (e.g. uid=admin,ou=admins,%2).").arg(p.bindDn, p.baseDn));
        return;
    }
    // An empty password would be an unauthenticated bind, which "succeeds" as anonymous.
    if (m_password->text().isEmpty()) {
        fail(tr("Enter the password of %1.").arg(p.bindDn));
        return;
    }
    LdapConnectionSettings s;
    s.uris = p.uris;
    s.bindMethod = LdapConnectionSettings::BindMethod::Simple;
    s.bindDn = p.bindDn;
    s.password = m_password->text().toUtf8();
    s.startTls = p.startTls;
    s.caCertificateFile = p.caFile;
    s.connectTimeout = m_connectTimeout;
    s.operationTimeout = std::chrono::milliseconds(15000);
    s.autoReconnect = false; // one round over the URIs, then an answer
    m_settings = s;
    m_base = *base;

    setBusy(true);
    const quint64 attempt = ++m_attempt;
    LdapConnectionSettings probeSettings = s;
    m_probe = std::make_unique<LdapConnection>(probeSettings);
    connect(m_probe.get(), &LdapConnection::connectFailed, this, [this, attempt](const LdapError &e, bool) {
        if (attempt == m_attempt)
            explainConnectFailure(e);
    });
    connect(m_probe.get(), &LdapConnection::connected, this, [this, attempt](const QString &) {
        if (attempt != m_attempt)
            return;
        m_probe->whoAmI(this, [this, attempt](Result<QString> who) {
            if (attempt != m_attempt)
                return;
            if (!who.ok()) {
                fail(tr("The server did not say who this session is: %1").arg(who.error().toString()));
                return;
            }
            checkIdentity(*who);
        });
    });
    m_probe->open();
}

void ConnectionDialog::explainConnectFailure(const LdapError &e)
{
    const QString uris = m_settings.uris.join(QStringLiteral(", "));
    if (e.code() == LdapCode::InvalidCredentials) {
        fail(tr("The password is wrong for %1 (or no such account exists).").arg(m_settings.bindDn));
    } else if (e.context().contains(QLatin1String("StartTLS"))) {
        fail(tr("StartTLS failed with %1: the server does not offer TLS, or its certificate is not trusted "
                "(set the CA file that signed it). Details: %2")
                 .arg(uris, e.toString()));
    } else if (isUnreachable(e)) {
        fail(tr("The directory server cannot be reached at %1: %2").arg(uris, e.toString()));
    } else {
        fail(tr("Could not connect to %1: %2").arg(uris, e.toString()));
    }
}

void ConnectionDialog::checkEntry(const LdapDn &dn, std::function<void(bool exists, bool readable)> then)
{
    LdapSearchRequest req;
    req.base = dn;
    req.scope = LdapScope::Base;
    req.filter = LdapFilter::present(QStringLiteral("objectClass"));
    req.attributes = {QStringLiteral("1.1")};
    const quint64 attempt = m_attempt;
    m_probe->search(req, this, [this, attempt, then](Result<LdapSearchResult> r) {
        if (attempt != m_attempt)
            return;
        if (r.ok())
            then(!r->entries.isEmpty(), true);
        else
            then(false, r.error().code() == LdapCode::NoSuchObject);
    });
}

void ConnectionDialog::checkIdentity(const QString &authzId)
{
    // "dn:uid=x,ou=admins,o=ispman"; anything else (empty: anonymous) is no administrator.
    std::optional<LdapDn> me;
    if (authzId.startsWith(QLatin1String("dn:")))
        me = LdapDn::parse(QStringView(authzId).sliced(3));
    if (!me || me->isEmpty()) {
        fail(tr("The server accepted the bind but treats the session as %1, not as an ISPMan administrator.")
                 .arg(authzId.isEmpty() ? tr("anonymous") : authzId));
        return;
    }
    const LdapDn identity = *me;
    const Acl::Subject subject = Acl::Subject::fromDn(identity, Dit(m_base));
    const auto notAdmin = [this, identity](const QString &who) {
        fail(tr("%1 is not an ISPMan administrator (%2): the console needs an administrator's account, "
                "uid=<name>,%3.")
                 .arg(identity.toString(), who, Dit(m_base).admins().toString()));
    };
    // Known by the DN's shape alone (domain owners, users, resellers, agents, services): no
    // further reads, which such accounts may not be allowed anyway.
    if (subject.role != Acl::Role::Root && subject.role != Acl::Role::Admin && subject.role != Acl::Role::Anonymous) {
        notAdmin(subject.describe());
        return;
    }
    checkEntry(m_base, [this, identity, subject, notAdmin](bool baseExists, bool) {
        if (!baseExists) {
            fail(tr("The base DN %1 does not exist on this server (or %2 may not read it): check the profile's "
                    "base DN.")
                     .arg(m_base.toString(), identity.toString()));
            return;
        }
        switch (subject.role) {
        case Acl::Role::Admin:
            // Bound, and its entry is readable to itself: an administrator of this directory.
            checkEntry(identity, [this, notAdmin](bool exists, bool) {
                if (exists)
                    succeed();
                else
                    notAdmin(tr("it has no entry below ou=admins"));
            });
            return;
        case Acl::Role::Anonymous:
            // A DN in the tree that fits no role: slapd's rootdn binds without an entry (as
            // Permissions::subject decides it); any other bindable entry can read itself.
            checkEntry(identity, [this, notAdmin](bool exists, bool readable) {
                if (!exists && readable)
                    succeed();
                else
                    notAdmin(tr("it is no administrator entry"));
            });
            return;
        default: // Root: outside the tree (cn=peercred, a rootdn elsewhere)
            succeed();
            return;
        }
    });
}

void ConnectionDialog::succeed()
{
    dropProbe();
    const ConnectionProfile p = currentProfile();
    m_message->setText(tr("Connected."));
    // Remember or forget the password as the checkbox says, for saved profiles only.
    if (!p.name.isEmpty() && m_store->profile(p.name)) {
        auto saved = *m_store->profile(p.name);
        if (saved.rememberPassword != p.rememberPassword) {
            saved.rememberPassword = p.rememberPassword;
            (void)m_store->save(saved);
        }
        if (p.rememberPassword) {
            m_store->writePassword(p.name, m_password->text(), this, [this](const QString &) {
                setBusy(false);
                Q_EMIT attemptFinished(true, m_message->text());
                accept();
            });
            return;
        }
        m_store->forgetPassword(p.name);
    }
    setBusy(false);
    m_message->setText(tr("Connected."));
    Q_EMIT attemptFinished(true, m_message->text());
    accept();
}

} // namespace Isp::Console

#include "console/editors/vhosteditor.h"

#include "console/editors/webcommands.h"
#include "core/ops/domainops.h"
#include "core/ops/vhostops.h"

#include <QCheckBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace Isp::Console {

using namespace Isp::Core;

namespace {

const QString HttpData = QStringLiteral("httpdata");

QPushButton *button(QWidget *parent, const QString &objectName, const QString &text)
{
    auto *b = new QPushButton(text, parent);
    b->setObjectName(objectName);
    return b;
}

// A list with its inputs and Add/Remove buttons below: the aliases, redirects and protections.
QWidget *listBox(QWidget *parent, QListWidget *list, const QList<QWidget *> &inputs, QPushButton *add,
                 QPushButton *remove)
{
    auto *box = new QWidget(parent);
    auto *v = new QVBoxLayout(box);
    v->setContentsMargins(0, 0, 0, 0);
    list->setMaximumHeight(90);
    v->addWidget(list);
    auto *row = new QHBoxLayout;
    for (QWidget *w : inputs)
        row->addWidget(w);
    row->addWidget(add);
    row->addWidget(remove);
    v->addLayout(row);
    return box;
}

QString selectedData(const QListWidget *list)
{
    const QListWidgetItem *item = list->currentItem();
    return item ? item->data(Qt::UserRole).toString() : QString();
}

} // namespace

VhostEditor::VhostEditor(const ConsoleContext &context, QWidget *parent) : EntityEditor(context, parent)
{
    m_name = lineEdit(this, QStringLiteral("name"), tr("www, or www:8080 for another port"));
    addField(QStringLiteral("name"), tr("Name"), m_name);
    m_webHosts = lineEdit(this, QStringLiteral("webHosts"), tr("default: the domain's web host"));
    addField(QStringLiteral("web-host"), tr("Web hosts"), m_webHosts);
    m_fileHost = lineEdit(this, QStringLiteral("fileHost"), tr("default: the domain's file server"));
    addField(QStringLiteral("file-host"), tr("File host"), m_fileHost);
    m_documentRoot = lineEdit(this, QStringLiteral("documentRoot"), QStringLiteral("htdocs"));
    addField(QStringLiteral("document-root"), tr("Document root"), m_documentRoot);
    m_documentRootOptions = lineEdit(this, QStringLiteral("documentRootOptions"), QStringLiteral("FollowSymLinks MultiViews"));
    addField(QStringLiteral("document-root-options"), tr("Document root options"), m_documentRootOptions);
    m_scriptDir = lineEdit(this, QStringLiteral("scriptDir"), QStringLiteral("cgi-bin"));
    addField(QStringLiteral("script-dir"), tr("CGI directory"), m_scriptDir);
    m_scriptDirOptions = lineEdit(this, QStringLiteral("scriptDirOptions"), QStringLiteral("ExecCGI FollowSymLinks"));
    addField(QStringLiteral("script-dir-options"), tr("CGI directory options"), m_scriptDirOptions);
    m_ip = lineEdit(this, QStringLiteral("ip"), tr("* for every address"));
    addField(QStringLiteral("ip"), tr("Address"), m_ip);
    m_extraConfig = new QPlainTextEdit(this);
    m_extraConfig->setObjectName(QStringLiteral("extraConfig"));
    m_extraConfig->setMaximumHeight(80);
    addField(QStringLiteral("extra-config"), tr("Extra configuration"), m_extraConfig);
    auto *features = new QWidget(this);
    auto *featureRow = new QHBoxLayout(features);
    featureRow->setContentsMargins(0, 0, 0, 0);
    for (const QString &f : VhostOps::knownFeatures()) {
        auto *box = new QCheckBox(f, features);
        box->setObjectName(QStringLiteral("feature-") + f);
        featureRow->addWidget(box);
        m_features << box;
        connect(box, &QCheckBox::toggled, this, &VhostEditor::updatePreview);
    }
    featureRow->addStretch();
    addField(QStringLiteral("feature"), tr("Features"), features);
    m_ftpQuota = lineEdit(this, QStringLiteral("ftpQuota"), tr("MB; default from the configuration"));
    addField(QStringLiteral("ftp-quota"), tr("FTP quota"), m_ftpQuota);
    m_ftpEnabled = new QCheckBox(tr("FTP login enabled"), this);
    m_ftpEnabled->setObjectName(QStringLiteral("ftpEnabled"));
    addField(QStringLiteral("ftp"), tr("FTP"), m_ftpEnabled);
    m_password = lineEdit(this, QStringLiteral("password"));
    m_password->setEchoMode(QLineEdit::Password);
    addField(QStringLiteral("password"), tr("FTP password"), m_password);

    m_aliases = new QListWidget(this);
    m_aliases->setObjectName(QStringLiteral("aliases"));
    m_aliasInput = lineEdit(this, QStringLiteral("aliasInput"), tr("web, or www.example.org"));
    auto *addAliasButton = button(this, QStringLiteral("addAlias"), tr("Add"));
    auto *removeAliasButton = button(this, QStringLiteral("removeAlias"), tr("Remove"));
    m_aliasBox = listBox(this, m_aliases, {m_aliasInput}, addAliasButton, removeAliasButton);
    addField(QStringLiteral("alias"), tr("Aliases"), m_aliasBox);
    connect(addAliasButton, &QPushButton::clicked, this, &VhostEditor::addAlias);
    connect(removeAliasButton, &QPushButton::clicked, this, &VhostEditor::removeAlias);

    m_redirects = new QListWidget(this);
    m_redirects->setObjectName(QStringLiteral("redirects"));
    m_redirectPath = lineEdit(this, QStringLiteral("redirectPath"), QStringLiteral("/old"));
    m_redirectTarget = lineEdit(this, QStringLiteral("redirectTarget"), QStringLiteral("https://…"));
    auto *addRedirectButton = button(this, QStringLiteral("addRedirect"), tr("Add"));
    auto *removeRedirectButton = button(this, QStringLiteral("removeRedirect"), tr("Remove"));
    m_redirectBox = listBox(this, m_redirects, {m_redirectPath, m_redirectTarget}, addRedirectButton, removeRedirectButton);
    addField(QStringLiteral("path"), tr("Redirects"), m_redirectBox, {QStringLiteral("target")});
    connect(addRedirectButton, &QPushButton::clicked, this, &VhostEditor::addRedirect);
    connect(removeRedirectButton, &QPushButton::clicked, this, &VhostEditor::removeRedirect);

    m_protections = new QListWidget(this);
    m_protections->setObjectName(QStringLiteral("protections"));
    m_protectionLocation = lineEdit(this, QStringLiteral("protectionLocation"), QStringLiteral("/private"));
    m_protectionUsers = lineEdit(this, QStringLiteral("protectionUsers"), tr("allowed users"));
    auto *addProtectionButton = button(this, QStringLiteral("addProtection"), tr("Add"));
    auto *removeProtectionButton = button(this, QStringLiteral("removeProtection"), tr("Remove"));
    m_protectionBox = listBox(this, m_protections, {m_protectionLocation, m_protectionUsers}, addProtectionButton,
                              removeProtectionButton);
    addField(QStringLiteral("location"), tr("Protected locations"), m_protectionBox, {QStringLiteral("user")});
    connect(addProtectionButton, &QPushButton::clicked, this, &VhostEditor::addProtection);
    connect(removeProtectionButton, &QPushButton::clicked, this, &VhostEditor::removeProtection);

    m_setPassword = addButton(tr("Set password"), tr("Sets the FTP password typed above"));
    m_setPassword->setObjectName(QStringLiteral("setPassword"));
    m_suspend = addButton(tr("Suspend"));
    m_suspend->setObjectName(QStringLiteral("suspend"));
    m_delete = addButton(tr("Delete"), tr("Deletes the website, its DNS records, configuration and files"));
    m_delete->setObjectName(QStringLiteral("delete"));
    connect(saveButton(), &QPushButton::clicked, this, &VhostEditor::save);
    connect(m_setPassword, &QPushButton::clicked, this, &VhostEditor::setPassword);
    connect(m_suspend, &QPushButton::clicked, this, &VhostEditor::toggleSuspended);
    connect(m_delete, &QPushButton::clicked, this, &VhostEditor::remove);
    connect(m_webHosts, &QLineEdit::textChanged, this, &VhostEditor::updatePreview);
    // Any step of the history (this editor's, or an undo from the Edit menu) may have changed
    // the website: show it again as it is now.
    connect(context.commands, &CommandStack::executed, this, [this] {
        if (!m_creating && !m_removing && !dn().isEmpty())
            reload();
    });
    setCreating(false);
}

void VhostEditor::setCreating(bool creating)
{
    m_creating = creating;
    m_name->setReadOnly(!creating);
    m_fileHost->setReadOnly(!creating);
    // Sub-objects and account actions need the website to exist.
    for (QWidget *box : {m_aliasBox, m_redirectBox, m_protectionBox})
        form()->setRowVisible(box->parentWidget(), !creating);
    m_setPassword->setVisible(!creating);
    m_suspend->setVisible(!creating);
    m_delete->setVisible(!creating);
}

bool VhostEditor::startNew(const LdapDn &container)
{
    const QString domain = WebCommands::domainOfBranch(container, HttpData);
    if (domain.isEmpty())
        return false;
    m_domain = domain;
    m_vhost = Vhost();
    setDn(LdapDn());
    setCreating(true);
    clearErrors();
    for (QLineEdit *e : {m_name, m_webHosts, m_fileHost, m_documentRoot, m_documentRootOptions, m_scriptDir,
                         m_scriptDirOptions, m_ip, m_ftpQuota, m_password})
        e->clear();
    m_extraConfig->clear();
    for (QCheckBox *box : std::as_const(m_features))
        box->setChecked(box->text() == QLatin1String("suexec")); // core's default
    m_ftpEnabled->setChecked(true);
    m_aliases->clear();
    m_redirects->clear();
    m_protections->clear();
    setTitle(tr("New website of %1").arg(domain));
    m_domainWebHosts.clear();
    updatePreview();
    read<DomainOps::DomainInfo>([domain](DirectorySession &s) { return DomainOps::show(s, domain); },
                                [this](const DomainOps::DomainInfo &info) {
                                    m_domainWebHosts = info.domain.webHosts;
                                    updatePreview();
                                });
    m_name->setFocus();
    return true;
}

void VhostEditor::load(const LdapDn &dn)
{
    const QString domain = WebCommands::domainOfEntry(dn, HttpData);
    if (domain.isEmpty()) {
        showError(OpError::invalid({}, tr("%1 is not a website").arg(dn.toString())));
        return;
    }
    m_domain = domain;
    m_removing = false;
    setDn(dn);
    setCreating(false);
    setTitle(tr("Website %1").arg(dn.rdnValue()));
    reload();
}

void VhostEditor::reload()
{
    const QString domain = m_domain, name = dn().rdnValue();
    context().backend->run<Vhost>(
        this, [domain, name](DirectorySession &s) { return VhostOps::show(s, domain, name); },
        [this](OpResult<Vhost> r) {
            if (m_removing)
                return; // this editor deleted it: nothing to show
            if (!r.ok()) {
                showError(r.error());
                return;
            }
            showVhost(*r);
        },
        Backend::Wait::No);
}

void VhostEditor::showVhost(const Vhost &v)
{
    m_vhost = v;
    const QString space = QStringLiteral(" ");
    setTitle(tr("Website %1").arg(v.serverName() + (v.port() ? QStringLiteral(":%1").arg(v.port()) : QString())));
    m_name->setText(v.name);
    m_webHosts->setText(v.webHosts.join(space));
    m_fileHost->setText(v.fileHost);
    m_documentRoot->setText(v.documentRoot);
    m_documentRootOptions->setText(v.documentRootOptions.join(space));
    m_scriptDir->setText(v.scriptDir);
    m_scriptDirOptions->setText(v.scriptDirOptions.join(space));
    m_ip->setText(v.ipAddress);
    m_extraConfig->setPlainText(v.extraConfig.join(QLatin1Char('\n')));
    for (QCheckBox *box : std::as_const(m_features))
        box->setChecked(v.features.contains(box->text()));
    m_ftpQuota->setText(QString::number(v.ftpQuotaMBytes));
    m_ftpEnabled->setChecked(v.ftpEnabled);
    m_password->clear();
    m_aliases->clear();
    for (const QString &a : v.aliases) {
        auto *item = new QListWidgetItem(a, m_aliases);
        item->setData(Qt::UserRole, a);
    }
    m_redirects->clear();
    for (const VhostRedirect &r : v.redirects) {
        auto *item = new QListWidgetItem(tr("%1 → %2").arg(r.path, r.target), m_redirects);
        item->setData(Qt::UserRole, r.path);
    }
    m_protections->clear();
    for (const VhostProtection &p : v.protections) {
        auto *item = new QListWidgetItem(tr("%1 (%2)").arg(p.location, p.users.join(QStringLiteral(", "))), m_protections);
        item->setData(Qt::UserRole, p.location);
    }
    m_suspend->setText(v.suspended ? tr("Resume") : tr("Suspend"));
    updatePreview();
    Q_EMIT loaded();
}

QStringList VhostEditor::checkedFeatures() const
{
    QStringList out;
    for (const QCheckBox *box : m_features) {
        if (box->isChecked())
            out << box->text();
    }
    return out;
}

VhostOps::VhostChange VhostEditor::changes() const
{
    VhostOps::VhostChange c;
    auto text = [](const QLineEdit *e) { return e->text().trimmed(); };
    if (WebCommands::words(m_webHosts->text()) != m_vhost.webHosts)
        c.webHosts = WebCommands::words(m_webHosts->text());
    if (text(m_documentRoot) != m_vhost.documentRoot)
        c.documentRoot = text(m_documentRoot);
    if (text(m_scriptDir) != m_vhost.scriptDir)
        c.scriptDir = text(m_scriptDir);
    if (WebCommands::words(m_documentRootOptions->text()) != m_vhost.documentRootOptions)
        c.documentRootOptions = text(m_documentRootOptions);
    if (WebCommands::words(m_scriptDirOptions->text()) != m_vhost.scriptDirOptions)
        c.scriptDirOptions = text(m_scriptDirOptions);
    if (text(m_ip) != m_vhost.ipAddress)
        c.ipAddress = text(m_ip);
    const QString extra = m_extraConfig->toPlainText().trimmed();
    if (extra != m_vhost.extraConfig.join(QLatin1Char('\n')).trimmed())
        c.extraConfig = extra;
    QStringList features = checkedFeatures(), old = m_vhost.features;
    features.sort();
    old.sort();
    if (features != old)
        c.features = checkedFeatures();
    if (text(m_ftpQuota) != QString::number(m_vhost.ftpQuotaMBytes))
        c.ftpQuota = text(m_ftpQuota);
    if (m_ftpEnabled->isChecked() != m_vhost.ftpEnabled)
        c.ftpEnabled = m_ftpEnabled->isChecked();
    return c;
}

void VhostEditor::updatePreview()
{
    const QStringList typed = WebCommands::words(m_webHosts->text());
    if (m_creating) {
        QStringList hosts = !typed.isEmpty() ? typed : m_domainWebHosts;
        if (hosts.isEmpty())
            hosts << tr("the least used host of httpgroup");
        setQueuePreview(QStringLiteral("AddVirtualHost"), hosts);
        return;
    }
    if (m_vhost.name.isEmpty()) {
        setQueuePreview({}, {});
        return;
    }
    // Hosts dropped from the list get DeleteVirtualHost, new ones AddVirtualHost: name them all.
    QStringList hosts = m_vhost.webHosts;
    for (const QString &h : typed) {
        if (!hosts.contains(h))
            hosts << h;
    }
    setQueuePreview(QStringLiteral("ModifyVirtualHost"), hosts);
}

void VhostEditor::save()
{
    if (m_creating) {
        VhostOps::VhostSpec spec;
        spec.domain = m_domain;
        spec.name = m_name->text().trimmed();
        spec.webHosts = WebCommands::words(m_webHosts->text());
        spec.fileHost = m_fileHost->text().trimmed();
        spec.documentRoot = m_documentRoot->text().trimmed();
        spec.documentRootOptions = m_documentRootOptions->text().trimmed();
        spec.scriptDir = m_scriptDir->text().trimmed();
        spec.scriptDirOptions = m_scriptDirOptions->text().trimmed();
        spec.ipAddress = m_ip->text().trimmed();
        spec.extraConfig = m_extraConfig->toPlainText().trimmed();
        spec.features = checkedFeatures();
        spec.password = m_password->text();
        spec.ftpQuota = m_ftpQuota->text().trimmed();
        spec.ftpEnabled = m_ftpEnabled->isChecked();
        auto made = std::make_shared<Vhost>();
        execute(WebCommands::addVhost(spec, made), [this, made] {
            load(Vhost::dn(context().dit, made->domain, made->name));
        });
        return;
    }
    const VhostOps::VhostChange c = changes();
    if (!c.webHosts && !c.documentRoot && !c.scriptDir && !c.documentRootOptions && !c.scriptDirOptions
        && !c.ipAddress && !c.extraConfig && !c.features && !c.ftpQuota && !c.ftpEnabled) {
        showMessage(tr("Nothing to save: no field differs from the directory."));
        return;
    }
    execute(WebCommands::editVhost(m_vhost.domain, m_vhost.name, c));
}

void VhostEditor::setPassword()
{
    execute(WebCommands::setVhostPassword(m_vhost.domain, m_vhost.name, m_password->text()), [this] {
        m_password->clear();
        showMessage(tr("The FTP password of %1 is set.").arg(m_vhost.serverName()));
    });
}

void VhostEditor::toggleSuspended()
{
    execute(WebCommands::setVhostSuspended(m_vhost.domain, m_vhost.name, !m_vhost.suspended));
}

void VhostEditor::remove()
{
    if (!confirm(tr("Delete the website %1 with its DNS records, configuration and files? This cannot be undone.")
                     .arg(m_vhost.serverName())))
        return;
    execute(WebCommands::removeVhost(m_vhost.domain, m_vhost.name), [this] {
        m_removing = true;
        Q_EMIT finished();
    });
}

void VhostEditor::addAlias()
{
    execute(WebCommands::addVhostAlias(m_vhost.domain, m_vhost.name, m_aliasInput->text().trimmed()), [this] {
        m_aliasInput->clear();
    });
}

void VhostEditor::removeAlias()
{
    const QString alias = selectedData(m_aliases);
    if (alias.isEmpty())
        return;
    execute(WebCommands::removeVhostAlias(m_vhost.domain, m_vhost.name, alias));
}

void VhostEditor::addRedirect()
{
    execute(WebCommands::addVhostRedirect(m_vhost.domain, m_vhost.name, m_redirectPath->text().trimmed(),
                                          m_redirectTarget->text().trimmed()),
            [this] {
                m_redirectPath->clear();
                m_redirectTarget->clear();
            });
}

void VhostEditor::removeRedirect()
{
    const QString path = selectedData(m_redirects);
    if (path.isEmpty())
        return;
    execute(WebCommands::removeVhostRedirect(m_vhost.domain, m_vhost.name, path));
}

void VhostEditor::addProtection()
{
    execute(WebCommands::addVhostProtection(m_vhost.domain, m_vhost.name, m_protectionLocation->text().trimmed(),
                                            WebCommands::words(m_protectionUsers->text())),
            [this] {
                m_protectionLocation->clear();
                m_protectionUsers->clear();
            });
}

void VhostEditor::removeProtection()
{
    const QString location = selectedData(m_protections);
    if (location.isEmpty())
        return;
    execute(WebCommands::removeVhostProtection(m_vhost.domain, m_vhost.name, location));
}

} // namespace Isp::Console

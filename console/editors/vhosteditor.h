// VhostEditor: one website (ispmanVhostName=<name>,ou=httpdata,ispmanDomain=<d>) in the
// console: its settings, its aliases, redirects and protected locations, suspension, FTP
// password and deletion; or a new website below a domain's ou=httpdata. Every change is a
// WebCommands command, so it lands in the undo history with the inverse core's state allows,
// and every refusal is core's own message beside the field it names.
//
// The Save button says which processes the change queues on which web hosts (docs/processes.md:
// AddVirtualHost for a new site, ModifyVirtualHost for a change), so the admin knows which
// agents will act before pressing it.
//
// Thread affinity: GUI thread.
#pragma once

#include "console/entityeditor.h"
#include "core/model/vhost.h"

class QCheckBox;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;

namespace Isp::Core::VhostOps {
struct VhostChange;
}

namespace Isp::Console {

class VhostEditor : public EntityEditor
{
    Q_OBJECT

public:
    explicit VhostEditor(const ConsoleContext &context, QWidget *parent = nullptr);

    // `dn`: ispmanVhostName=<name>,ou=httpdata,ispmanDomain=<domain>,<base>.
    void load(const Core::LdapDn &dn) override;
    // `container`: ou=httpdata,ispmanDomain=<domain>,<base>.
    bool startNew(const Core::LdapDn &container) override;

    // The website as last read (empty in create mode).
    [[nodiscard]] const Core::Vhost &vhost() const { return m_vhost; }

Q_SIGNALS:
    // The form shows the state just read from the directory (after load and after each change).
    void loaded();

private:
    void setCreating(bool creating);
    void showVhost(const Core::Vhost &vhost);
    [[nodiscard]] Core::VhostOps::VhostChange changes() const;
    [[nodiscard]] QStringList checkedFeatures() const;
    void updatePreview();
    void save();
    void reload();
    void setPassword();
    void toggleSuspended();
    void remove();
    void addAlias();
    void removeAlias();
    void addRedirect();
    void removeRedirect();
    void addProtection();
    void removeProtection();

    QString m_domain;
    Core::Vhost m_vhost;
    bool m_creating = false;
    bool m_removing = false; // deleted by this editor: no more reads of it
    QStringList m_domainWebHosts; // the domain's default web hosts, for the create preview

    QLineEdit *m_name;
    QLineEdit *m_webHosts;
    QLineEdit *m_fileHost;
    QLineEdit *m_documentRoot;
    QLineEdit *m_scriptDir;
    QLineEdit *m_documentRootOptions;
    QLineEdit *m_scriptDirOptions;
    QLineEdit *m_ip;
    QPlainTextEdit *m_extraConfig;
    QList<QCheckBox *> m_features;
    QLineEdit *m_ftpQuota;
    QCheckBox *m_ftpEnabled;
    QLineEdit *m_password;
    QWidget *m_aliasBox;
    QListWidget *m_aliases;
    QLineEdit *m_aliasInput;
    QWidget *m_redirectBox;
    QListWidget *m_redirects;
    QLineEdit *m_redirectPath;
    QLineEdit *m_redirectTarget;
    QWidget *m_protectionBox;
    QListWidget *m_protections;
    QLineEdit *m_protectionLocation;
    QLineEdit *m_protectionUsers;
    QPushButton *m_setPassword;
    QPushButton *m_suspend;
    QPushButton *m_delete;
};

} // namespace Isp::Console

// DomainEditor: a hosted domain (ispmanDomain=<d>), or a new one in create mode (container: the
// directory's base DN). Everything `ispman domain` does: type and master(s) at creation, owner,
// customer, services, default hosts, limits, delivery, suspension, lock, the owner's panel
// password, the signature of outgoing mail, deletion. Settings, suspension, lock and signature
// are undoable (their inverses restore what was read before the change); the password and the
// deletion are not. Creating is undone by deleting only while the new domain is untouched (see
// MailCommands::addDomain()).
//
// The Save button names the work core queues: createDomainDirectories on the file server and
// modifyDomain on the DNS servers for a new domain, modifyDomain when the DNS hosts or masters
// change; other settings queue nothing.
//
// Thread affinity: GUI thread.
#pragma once

#include "console/entityeditor.h"
#include "core/ops/domainops.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;

namespace Isp::Console {

class DomainEditor : public EntityEditor
{
    Q_OBJECT

public:
    explicit DomainEditor(const ConsoleContext &context, QWidget *parent = nullptr);

    void load(const Core::LdapDn &dn) override;
    // `container`: the directory's base DN (domains live directly below it).
    bool startNew(const Core::LdapDn &container) override;

    [[nodiscard]] bool isNew() const { return m_new; }
    [[nodiscard]] const Core::DomainOps::DomainInfo &info() const { return m_info; }

private:
    struct Loaded
    {
        Core::DomainOps::DomainInfo info;
        QString signature;
    };
    void build();
    void setMode(bool creating);
    void display(const Loaded &loaded);
    void save();
    void saveNew();
    void saveSignature();
    void setPassword();
    void toggleSuspended();
    void toggleLocked();
    void remove();
    void updatePreview();
    void updateTypeFields();
    [[nodiscard]] bool isDirty() const;
    [[nodiscard]] Core::DomainOps::DomainChange change() const;
    void setRowVisible(QWidget *field, bool visible);
    [[nodiscard]] QString name() const { return m_info.domain.name; }

    bool m_new = false;
    [[nodiscard]] bool keepsForm() const override { return m_new || isDirty(); }
    Core::DomainOps::DomainInfo m_info;
    QString m_signature;
    quint64 m_previewGeneration = 0;

    QLabel *m_summary = nullptr;
    QLineEdit *m_name = nullptr;
    QComboBox *m_type = nullptr;
    QLineEdit *m_master = nullptr;
    QLineEdit *m_client = nullptr;
    QLineEdit *m_owner = nullptr;
    QLineEdit *m_customer = nullptr;
    QLineEdit *m_comment = nullptr;
    QLineEdit *m_services = nullptr;
    QLineEdit *m_masters = nullptr;
    QLineEdit *m_mailHost = nullptr;
    QLineEdit *m_webHosts = nullptr;
    QLineEdit *m_fileHost = nullptr;
    QLineEdit *m_dbHost = nullptr;
    QLineEdit *m_dnsHosts = nullptr;
    QLineEdit *m_smtpHosts = nullptr;
    QLineEdit *m_maxAccounts = nullptr;
    QLineEdit *m_maxVhosts = nullptr;
    QLineEdit *m_maxDatabases = nullptr;
    QComboBox *m_delivery = nullptr;
    QLineEdit *m_password = nullptr;
    QPlainTextEdit *m_signatureEdit = nullptr;
    QPushButton *m_saveSignature = nullptr;
    QPushButton *m_setPassword = nullptr;
    QPushButton *m_suspend = nullptr;
    QPushButton *m_lock = nullptr;
    QPushButton *m_delete = nullptr;
};

} // namespace Isp::Console

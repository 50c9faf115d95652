// ResellerEditor and ClientEditor: the ISP's customers (ispmanResellerId=N,ou=ispman and the
// clients nested below a reseller). Both have the same person behind them (contact data, a
// login, a password, active or suspended), so TenantEditor holds that part once; each subclass
// adds what only it has (a reseller's client limit; a client's domain limit, default hosts and
// the move to another reseller).
//
// Edits, status changes and moves are undoable Commands; passwords and deletes are not.
// A moved client's entry changes DN: the editor follows it by id.
//
// Thread affinity: GUI thread.
#pragma once

#include "console/entityeditor.h"
#include "core/model/tenant.h"
#include "core/ops/tenantops.h"

class QComboBox;
class QLineEdit;

namespace Isp::Console {

class InfraEntryWatch;

class TenantEditor : public EntityEditor
{
    Q_OBJECT

public:
    explicit TenantEditor(const ConsoleContext &context, QWidget *parent = nullptr);

protected:
    // Called by subclasses once their own fields are in the form (limit, hosts ...), so the
    // login and password come last.
    void addCommonFields(const QString &limitKey, const QString &limitLabel);
    void setCreating(bool creating);
    [[nodiscard]] bool isCreating() const { return m_creating; }

    void showCommon(const QString &name, const Core::Contact &contact, qint64 limit, const QString &login,
        Core::TenantStatus status);
    [[nodiscard]] Core::TenantOps::ContactSpec contactSpec() const;
    // The contact fields that differ from what was loaded.
    [[nodiscard]] Core::TenantOps::ContactChange contactChange() const;
    [[nodiscard]] static bool isEmpty(const Core::TenantOps::ContactChange &change);
    // True while the admin has typed something not saved yet: live updates then wait.
    [[nodiscard]] virtual bool isDirty() const;

    // Implemented per kind: build and run the Command.
    virtual void save() = 0;
    virtual void toggleStatus() = 0;
    virtual void setPassword() = 0;
    virtual void remove() = 0;

    QLineEdit *m_name;
    QLineEdit *m_cn, *m_sn, *m_givenName, *m_mail, *m_phone, *m_street, *m_postalCode, *m_city, *m_country;
    QLineEdit *m_limit = nullptr;
    QLineEdit *m_login = nullptr;
    QLineEdit *m_password = nullptr;
    QPushButton *m_status;
    QPushButton *m_setPassword;
    QPushButton *m_delete;
    InfraEntryWatch *m_watch;
    bool m_deleting = false; // our own delete: its removal is not news

    // As loaded.
    QString m_loadedName;
    Core::Contact m_loadedContact;
    qint64 m_loadedLimit = 5;
    QString m_loadedLogin;
    Core::TenantStatus m_loadedStatus = Core::TenantStatus::Active;

private:
    bool m_creating = false;
};

class ResellerEditor : public TenantEditor
{
    Q_OBJECT

public:
    explicit ResellerEditor(const ConsoleContext &context, QWidget *parent = nullptr);

    void load(const Core::LdapDn &dn) override;
    // Creates below ou=ispman.
    bool startNew(const Core::LdapDn &container) override;

private:
    void save() override;
    void toggleStatus() override;
    void setPassword() override;
    void remove() override;
    void showReseller(const Core::Reseller &reseller);

    qint64 m_id = 0;
};

class ClientEditor : public TenantEditor
{
    Q_OBJECT

public:
    explicit ClientEditor(const ConsoleContext &context, QWidget *parent = nullptr);

    void load(const Core::LdapDn &dn) override;
    // Creates below a reseller (ispmanResellerId=N,ou=ispman).
    bool startNew(const Core::LdapDn &container) override;

private:
    void save() override;
    void toggleStatus() override;
    void setPassword() override;
    void remove() override;
    void move();
    void showClient(const Core::Client &client);
    [[nodiscard]] bool isDirty() const override;
    void follow(qint64 id);

    qint64 m_id = 0;
    qint64 m_resellerId = 0;
    Core::DefaultHosts m_loadedHosts;
    QLineEdit *m_mailHost, *m_webHosts, *m_fileServer, *m_dnsHosts, *m_smtpHosts;
    QComboBox *m_moveTo;
    QPushButton *m_move;
};

} // namespace Isp::Console

// Operations on resellers and their clients: what `ispman reseller ...` / `ispman client ...`
// and the console's tenant screens do. Each checks its input first (errors name the field and
// the rule), then writes in one Transaction, so a refusal half-way leaves nothing behind.
//
// Limits are race-free: a client is added (or moved) under a reseller only if the reseller entry
// did not change between counting its clients and a final conditional write to it (an assertion
// on its entryCSN). Two sessions racing for the last free place both add, one of the conditional
// writes fails, and that session takes its client out again and re-counts. Any change to the
// reseller (suspension, a lower maximum) likewise makes a concurrent add re-check.
//
// Passwords are set with the Password Modify extended operation, so slapd hashes them; they are
// never stored or sent in another form, and never read back.
#pragma once

#include "core/model/tenant.h"
#include "core/ops/directorysession.h"
#include "core/ops/operror.h"

#include <optional>

namespace Isp::Core::TenantOps {

// inetOrgPerson data as typed; empty fields are left out.
struct ContactSpec
{
    QString cn; // default: the reseller's or client's name
    QString sn; // default: cn
    QString givenName;
    QString mail;
    QString telephone;
    QString street;
    QString postalCode;
    QString locality;
    QString country; // ISO 3166 alpha-2
};

// For edits: a set field is replaced; an empty string removes it (cn and sn cannot be removed).
struct ContactChange
{
    std::optional<QString> cn, sn, givenName, mail, telephone, street, postalCode, locality, country;
};

struct ResellerSpec
{
    QString name;
    ContactSpec contact;
    QString maxClients; // empty: 5; -1: unlimited
    QString login; // empty: the reseller cannot log in
    QString password; // needs a login; empty: none yet
};

struct ResellerChange
{
    std::optional<QString> name;
    ContactChange contact;
    std::optional<QString> maxClients; // refused below the current number of clients
    std::optional<QString> login; // empty: removes the login and its password
};

struct HostsChange
{
    std::optional<QString> mailDrop;
    std::optional<QStringList> web;
    std::optional<QString> fileServer;
    std::optional<QStringList> dns;
    std::optional<QStringList> smtp;
};

struct ClientSpec
{
    qint64 resellerId = 0;
    QString name;
    ContactSpec contact;
    QString maxDomains; // empty: 5; -1: unlimited
    DefaultHosts hosts; // names of managed hosts (ou=hosts); empty: none
    QString login;
    QString password;
};

struct ClientChange
{
    std::optional<QString> name;
    ContactChange contact;
    std::optional<QString> maxDomains; // refused below the current number of domains
    HostsChange hosts;
    std::optional<QString> login;
};

OpResult<Reseller> addReseller(DirectorySession &session, const ResellerSpec &spec);
// Every reseller with its clientCount (clients themselves are left empty). Paged search.
OpResult<QList<Reseller>> listResellers(DirectorySession &session);
// The reseller with its clients and clientCount.
OpResult<Reseller> showReseller(DirectorySession &session, qint64 id);
OpResult<Reseller> editReseller(DirectorySession &session, qint64 id, const ResellerChange &change);
// A suspended reseller gets no new clients; its existing clients and domains are not touched.
OpResult<Reseller> setResellerStatus(DirectorySession &session, qint64 id, TenantStatus status);
// Refused while it has clients or domains carry its ispmanResellerId.
OpResult<Done> removeReseller(DirectorySession &session, qint64 id);
// Refused when the reseller has no login.
OpResult<Done> setResellerPassword(DirectorySession &session, qint64 id, const QString &password);

// Refused when the reseller is suspended or has reached its ispmanResellerMaxClients.
OpResult<Client> addClient(DirectorySession &session, const ClientSpec &spec);
// All clients, or those of one reseller. Paged search.
OpResult<QList<Client>> listClients(DirectorySession &session, std::optional<qint64> resellerId = std::nullopt);
// The client with its domains (entries with ispmanClientId=<id>).
OpResult<Client> showClient(DirectorySession &session, qint64 id);
OpResult<Client> editClient(DirectorySession &session, qint64 id, const ClientChange &change);
// Moves the client below another reseller (a ModifyDN with a new superior, keeping its
// entryUUID) and re-tags its domains with the new reseller; the target's limit and status apply.
OpResult<Client> moveClient(DirectorySession &session, qint64 id, qint64 newResellerId);
OpResult<Client> setClientStatus(DirectorySession &session, qint64 id, TenantStatus status);
// Refused while domains carry its ispmanClientId.
OpResult<Done> removeClient(DirectorySession &session, qint64 id);
OpResult<Done> setClientPassword(DirectorySession &session, qint64 id, const QString &password);

} // namespace Isp::Core::TenantOps

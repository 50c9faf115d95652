// LdifOps: the ISP's data as LDIF (RFC 2849), out and back in: `ispman ldif export|import`.
//
// Export writes the entries below the base DN (or one domain's subtree and its DNS zone) with
// their user attributes only: operational attributes (entryUUID, timestamps, ppolicy state...) are
// the server's and are left out; passwords are written as the directory holds them, as hashes
// ({ARGON2}, {CRYPT}, ...; a database user's MariaDB hash). Parents come before their children, so
// the file can be loaded in order.
//
// Import restores or copies such an export into a directory of the same schema, and treats the
// file as untrusted input. Before anything is written, the whole file is checked: every record
// lies below this directory's base DN, names only object classes of ISPMan's schema (the classes
// this project writes: docs/directory.md), sets no operational attribute, and appears once; the
// parent of every record is in the file or in the directory. Records that already exist are left
// as they are and reported as skipped. Then the records are added parents first in one
// Transaction: when the directory refuses one part-way (a schema violation, a value of the wrong
// syntax, no access), what was added is removed again and the error names the record's line.
// Administrators added join their level groups (core/acl/acl.h) in that same Transaction.
// Changes a 1.x import would validate are not validated here: this is a restore, for an
// administrator of level 100.
//
// Blocking, like every operation: the CLI, tests or a worker thread.
#pragma once

#include "core/ops/directorysession.h"
#include "core/ops/operror.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace Isp::Core::LdifOps {

struct ExportOptions
{
    QString domain; // empty: everything below the base DN
};

// The entries of the export, parents before children.
OpResult<QList<LdapEntry>> exportEntries(DirectorySession &session, const ExportOptions &options = {});
// The same as an LDIF file (Ldif::write).
OpResult<QByteArray> exportLdif(DirectorySession &session, const ExportOptions &options = {});

struct ImportOptions
{
    bool dryRun = false; // check the file and plan; write nothing
};

struct ImportItem
{
    QString dn;
    qsizetype line = 0; // of the record's "dn:" in the file
    QString reason; // skipped: why
};

struct ImportReport
{
    bool dryRun = false;
    QList<ImportItem> added; // in the order they were added (dry run: would be added)
    QList<ImportItem> skipped; // already in the directory

    [[nodiscard]] QJsonObject toJson() const;
    [[nodiscard]] QString toText() const;
};

// Refusals before anything is written are Invalid with the field "file" and the line
// ("file: line 12: ..."); a refusal by the directory part-way is reported the same way after what
// was added has been removed again.
OpResult<ImportReport> import(DirectorySession &session, const QByteArray &ldif, const ImportOptions &options = {});

// The object classes an import accepts (case-insensitive).
[[nodiscard]] const QStringList &importableObjectClasses();

} // namespace Isp::Core::LdifOps

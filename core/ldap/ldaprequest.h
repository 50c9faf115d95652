// Plain value types that describe LDAP requests and their results, shared by LdapConnection
// and its callers. No behaviour here: the connection does the work.
#pragma once

#include "core/ldap/ldapdn.h"
#include "core/ldap/ldapentry.h"
#include "core/ldap/ldapfilter.h"

#include <QByteArray>
#include <QList>
#include <QStringList>

#include <chrono>
#include <functional>
#include <optional>

namespace Isp::Core {

enum class LdapScope { Base, OneLevel, Subtree };

struct LdapSearchRequest
{
    LdapDn base;
    LdapScope scope = LdapScope::Subtree;
    LdapFilter filter;
    // Attribute list; empty means all user attributes. Use "+" for operational ones.
    QStringList attributes;
    bool typesOnly = false;
    // Server-side limits (0: the server's own); exceeding one is reported as an error with the
    // code sizeLimitExceeded / timeLimitExceeded, never as a silently short list.
    int sizeLimit = 0;
    std::chrono::seconds timeLimit{0};
    // Simple paged results (RFC 2696): > 0 fetches pages of this size until done.
    int pageSize = 0;
    // With pageSize: the size of the first page only (0: pageSize). A small first page reaches
    // a screen sooner; the larger ones after it cost fewer round trips.
    int firstPageSize = 0;
    // Called with each page as it arrives (paged searches), before the final callback; return
    // false to stop after this page (the result then says complete == false).
    std::function<bool(const QList<LdapEntry> &page)> onPage;
    // Keep the pages' entries out of the final result (with onPage, for very large searches).
    bool discardEntries = false;
};

struct LdapSearchResult
{
    QList<LdapEntry> entries;
    QStringList referrals;
    int pages = 0;
    qsizetype entryCount = 0; // counts entries even when discardEntries is set
    bool complete = true;     // false only when onPage asked to stop early
};

struct LdapModification
{
    enum class Op { Add, Replace, Delete, Increment };
    Op op = Op::Replace;
    QString attribute;
    QList<QByteArray> values; // Delete with no values removes the whole attribute

    static LdapModification add(const QString &attr, const QList<QByteArray> &values) { return {Op::Add, attr, values}; }
    static LdapModification replace(const QString &attr, const QList<QByteArray> &values) { return {Op::Replace, attr, values}; }
    static LdapModification replace(const QString &attr, const QString &value) { return {Op::Replace, attr, {value.toUtf8()}}; }
    static LdapModification remove(const QString &attr, const QList<QByteArray> &values = {}) { return {Op::Delete, attr, values}; }
    static LdapModification increment(const QString &attr, qint64 by = 1) { return {Op::Increment, attr, {QByteArray::number(by)}}; }
};

// Controls a write may carry.
struct LdapWriteOptions
{
    // Assertion control (RFC 4528): the write happens only if the target entry matches.
    std::optional<LdapFilter> assertion;
    // Pre-read / post-read controls (RFC 4527): attributes of the entry before / after the write,
    // read atomically with it (used to increment a counter and learn its value in one operation).
    QStringList preRead;
    QStringList postRead;
};

struct LdapWriteResult
{
    std::optional<LdapEntry> preRead;
    std::optional<LdapEntry> postRead;
};

} // namespace Isp::Core

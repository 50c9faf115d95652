#include "core/ldap/ldapinternal_p.h"

#include <lber.h>

Q_LOGGING_CATEGORY(lcLdap, "isp.core.ldap", QtWarningMsg)

namespace Isp::Core::LdapInternal {

void ControlList::add(const char *oid, QByteArray value, bool critical)
{
    m_values.push_back(std::move(value));
    auto c = std::make_unique<LDAPControl>();
    c->ldctl_oid = const_cast<char *>(oid);
    c->ldctl_value.bv_val = m_values.back().isNull() ? nullptr : m_values.back().data();
    c->ldctl_value.bv_len = ber_len_t(m_values.back().size());
    c->ldctl_iscritical = critical ? 1 : 0;
    m_controls.push_back(std::move(c));
}

void ControlList::addAllocated(const char *oid, berval value, bool critical)
{
    m_allocated.push_back(value.bv_val);
    auto c = std::make_unique<LDAPControl>();
    c->ldctl_oid = const_cast<char *>(oid);
    c->ldctl_value = value;
    c->ldctl_iscritical = critical ? 1 : 0;
    m_controls.push_back(std::move(c));
}

LDAPControl **ControlList::array()
{
    if (m_controls.empty())
        return nullptr;
    m_array.clear();
    for (auto &c : m_controls)
        m_array.push_back(c.get());
    m_array.push_back(nullptr);
    return m_array.data();
}

ControlList::~ControlList()
{
    for (char *p : m_allocated)
        ber_memfree(p);
}

namespace {

QByteArray encodeAttributeSelection(const QStringList &attributes)
{
    CStringArray attrs(attributes);
    BerElement *ber = ber_alloc_t(LBER_USE_DER);
    if (!ber)
        return {};
    QByteArray out;
    if (ber_printf(ber, "{v}", attrs.data()) != -1) {
        berval bv{0, nullptr};
        if (ber_flatten2(ber, &bv, 0) == 0)
            out = QByteArray(bv.bv_val, qsizetype(bv.bv_len));
    }
    ber_free(ber, 1);
    return out;
}

} // namespace

std::optional<LdapError> addWriteControls(LDAP *ld, const LdapWriteOptions &options, ControlList &controls)
{
    if (options.assertion) {
        if (!options.assertion->isValid())
            return LdapError::client(LDAP_FILTER_ERROR, options.assertion->problem());
        berval value{0, nullptr};
        QByteArray filter = options.assertion->toByteArray();
        const int rc = ldap_create_assertion_control_value(ld, filter.data(), &value);
        if (rc != LDAP_SUCCESS)
            return LdapError::client(rc, QStringLiteral("cannot encode assertion %1").arg(options.assertion->toString()));
        controls.addAllocated(LDAP_CONTROL_ASSERT, value, true);
    }
    if (!options.preRead.isEmpty()) {
        QByteArray v = encodeAttributeSelection(options.preRead);
        if (v.isEmpty())
            return LdapError::client(LDAP_ENCODING_ERROR, QStringLiteral("cannot encode pre-read attributes"));
        controls.add(LDAP_CONTROL_PRE_READ, std::move(v), true);
    }
    if (!options.postRead.isEmpty()) {
        QByteArray v = encodeAttributeSelection(options.postRead);
        if (v.isEmpty())
            return LdapError::client(LDAP_ENCODING_ERROR, QStringLiteral("cannot encode post-read attributes"));
        controls.add(LDAP_CONTROL_POST_READ, std::move(v), true);
    }
    return std::nullopt;
}

CStringArray::CStringArray(const QStringList &list)
{
    m_bytes.reserve(size_t(list.size()));
    for (const QString &s : list)
        m_bytes.push_back(s.toUtf8());
    for (QByteArray &b : m_bytes)
        m_ptrs.push_back(b.data());
    m_ptrs.push_back(nullptr);
}

ModList::ModList(const QList<LdapModification> &mods)
{
    for (const LdapModification &m : mods) {
        int op = LDAP_MOD_REPLACE;
        switch (m.op) {
        case LdapModification::Op::Add: op = LDAP_MOD_ADD; break;
        case LdapModification::Op::Replace: op = LDAP_MOD_REPLACE; break;
        case LdapModification::Op::Delete: op = LDAP_MOD_DELETE; break;
        case LdapModification::Op::Increment: op = LDAP_MOD_INCREMENT; break;
        }
        append(op, m.attribute, m.values);
    }
    m_ptrs.push_back(nullptr);
}

ModList::ModList(const LdapEntry &entry)
{
    for (const LdapAttribute &a : entry.attributes())
        append(LDAP_MOD_ADD, a.name, a.values);
    m_ptrs.push_back(nullptr);
}

void ModList::append(int op, const QString &attribute, const QList<QByteArray> &values)
{
    m_keep.append(values); // keeps the value bytes alive and unshared for the request's lifetime
    const QList<QByteArray> &kept = m_keep.last();
    m_names.push_back(attribute.toUtf8());
    std::vector<berval> vals;
    vals.reserve(size_t(kept.size()));
    for (const QByteArray &v : kept)
        vals.push_back(berval{ber_len_t(v.size()), const_cast<char *>(v.constData())});
    m_vals.push_back(std::move(vals));
    std::vector<berval *> ptrs;
    for (berval &b : m_vals.back())
        ptrs.push_back(&b);
    ptrs.push_back(nullptr);
    m_valPtrs.push_back(std::move(ptrs));
    auto mod = std::make_unique<LDAPMod>();
    mod->mod_op = op | LDAP_MOD_BVALUES;
    mod->mod_type = m_names.back().data();
    mod->mod_bvalues = kept.isEmpty() ? nullptr : m_valPtrs.back().data();
    m_ptrs.push_back(mod.get());
    m_mods.push_back(std::move(mod));
}

std::optional<LdapEntry> parseEntry(LDAP *ld, LDAPMessage *msg, LdapError *error)
{
    BerElement *ber = nullptr;
    berval bv{0, nullptr};
    if (ldap_get_dn_ber(ld, msg, &ber, &bv) != LDAP_SUCCESS) {
        if (error)
            *error = LdapError::client(LDAP_DECODING_ERROR, QStringLiteral("cannot decode a search entry"));
        if (ber)
            ber_free(ber, 0);
        return std::nullopt;
    }
    const QString dnText = QString::fromUtf8(bv.bv_val, qsizetype(bv.bv_len));
    QString dnError;
    auto dn = LdapDn::parse(dnText, &dnError);
    if (!dn) {
        ber_free(ber, 0);
        if (error)
            *error = LdapError::client(LDAP_INVALID_DN_SYNTAX, dnError);
        return std::nullopt;
    }
    LdapEntry entry(*dn);
    BerVarray vals = nullptr;
    for (int rc = ldap_get_attribute_ber(ld, msg, ber, &bv, &vals); rc == LDAP_SUCCESS;
         rc = ldap_get_attribute_ber(ld, msg, ber, &bv, &vals)) {
        if (!bv.bv_val)
            break;
        QList<QByteArray> values;
        if (vals) {
            for (int i = 0; vals[i].bv_val; ++i)
                values << QByteArray(vals[i].bv_val, qsizetype(vals[i].bv_len));
            ber_memfree(vals);
            vals = nullptr;
        }
        const QString name = QString::fromUtf8(bv.bv_val, qsizetype(bv.bv_len));
        if (values.isEmpty())
            entry.setValues(name, {QByteArray()}); // typesOnly: present, no values
        else
            entry.setValues(name, values);
    }
    ber_free(ber, 0);
    return entry;
}

std::optional<LdapEntry> parseReadControl(const berval &value)
{
    BerElement *ber = ber_init(const_cast<berval *>(&value));
    if (!ber)
        return std::nullopt;
    berval bv{0, nullptr};
    if (ber_scanf(ber, "{m{" /*}}*/, &bv) == LBER_ERROR) {
        ber_free(ber, 1);
        return std::nullopt;
    }
    auto dn = LdapDn::parse(QString::fromUtf8(bv.bv_val, qsizetype(bv.bv_len)));
    if (!dn) {
        ber_free(ber, 1);
        return std::nullopt;
    }
    LdapEntry entry(*dn);
    while (ber_scanf(ber, "{m" /*}*/, &bv) != LBER_ERROR) {
        const QString name = QString::fromUtf8(bv.bv_val, qsizetype(bv.bv_len));
        BerVarray vals = nullptr;
        if (ber_scanf(ber, "[W]}", &vals) == LBER_ERROR)
            break;
        QList<QByteArray> values;
        if (vals) {
            for (int i = 0; vals[i].bv_val; ++i)
                values << QByteArray(vals[i].bv_val, qsizetype(vals[i].bv_len));
            ber_bvarray_free(vals);
        }
        entry.setValues(name, values);
    }
    ber_free(ber, 1);
    return entry;
}

ParsedResult::~ParsedResult()
{
    if (controls)
        ldap_controls_free(controls);
}

bool parseResult(LDAP *ld, LDAPMessage *msg, ParsedResult &out)
{
    int code = 0;
    char *matched = nullptr;
    char *diag = nullptr;
    char **refs = nullptr;
    LDAPControl **ctrls = nullptr;
    const int rc = ldap_parse_result(ld, msg, &code, &matched, &diag, &refs, &ctrls, 0);
    if (rc != LDAP_SUCCESS) {
        out.code = rc;
        out.diagnostic = QStringLiteral("cannot decode the server's result");
        return false;
    }
    out.code = code;
    if (matched) {
        out.matchedDn = QString::fromUtf8(matched);
        ldap_memfree(matched);
    }
    if (diag) {
        out.diagnostic = QString::fromUtf8(diag);
        ldap_memfree(diag);
    }
    if (refs) {
        for (int i = 0; refs[i]; ++i)
            out.referrals << QString::fromUtf8(refs[i]);
        ldap_memvfree(reinterpret_cast<void **>(refs));
    }
    out.controls = ctrls;
    return true;
}

LdapError handleError(LDAP *ld, int rc, const QString &what)
{
    QString diagnostic;
    if (ld) {
        char *diag = nullptr;
        if (ldap_get_option(ld, LDAP_OPT_DIAGNOSTIC_MESSAGE, &diag) == LDAP_OPT_SUCCESS && diag) {
            diagnostic = QString::fromUtf8(diag);
            ldap_memfree(diag);
        }
    }
    return LdapError::fromCode(rc, what, diagnostic);
}

} // namespace Isp::Core::LdapInternal

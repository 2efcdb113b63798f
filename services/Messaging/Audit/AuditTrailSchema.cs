using System.Text.RegularExpressions;
using Npgsql;

namespace DxTrack.Messaging.Audit;

/// <summary>
/// What makes a service's audit trail append-only, applied by the database's owner after its migrations (every
/// start; each statement is idempotent): the chain's seal table, triggers that refuse UPDATE, DELETE and TRUNCATE on
/// the trail and its seals, and the writer role the service connects as, which owns nothing and may only insert into
/// and read the trail. See docs/decisions/audit-chain.md.
/// </summary>
public static partial class AuditTrailSchema
{
    public const string SealTable = "audit_seals";

    /// <summary>The role a service connects as unless <c>Database:WriterRole</c> names another (empty: its login).</summary>
    public const string DefaultWriterRole = "dxtrack_writer";

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex RoleName();

    /// <summary>The writer role from configuration, checked; null when the service should connect as its login.</summary>
    internal static string? WriterRole(string? configured)
    {
        var role = configured ?? DefaultWriterRole;
        if (role.Length == 0) return null;
        return RoleName().IsMatch(role)
            ? role
            : throw new InvalidOperationException(
                $"Database:WriterRole '{role}' is not a plain PostgreSQL role name (lower-case letters, digits, _).");
    }

    static readonly string Tables = $"""
        CREATE TABLE IF NOT EXISTS {SealTable} (
            position  bigint PRIMARY KEY,
            entry_id  bigint NOT NULL UNIQUE,
            hash      bytea NOT NULL,
            sealed_at timestamptz NOT NULL DEFAULT now());

        CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'the audit trail is append-only: % on % is refused', TG_OP, TG_TABLE_NAME
                USING ERRCODE = 'insufficient_privilege';
        END $$;

        CREATE OR REPLACE TRIGGER append_only BEFORE UPDATE OR DELETE ON {MessagingModel.AuditTable}
            FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
        CREATE OR REPLACE TRIGGER append_only_truncate BEFORE TRUNCATE ON {MessagingModel.AuditTable}
            FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
        CREATE OR REPLACE TRIGGER append_only BEFORE UPDATE OR DELETE ON {SealTable}
            FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
        CREATE OR REPLACE TRIGGER append_only_truncate BEFORE TRUNCATE ON {SealTable}
            FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
        """;

    static string Grants(string role) => $"""
        GRANT USAGE ON SCHEMA public TO {role};
        GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role};
        REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON {MessagingModel.AuditTable}, {SealTable} FROM {role};
        GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {role};
        """;

    /// <summary>Applies the schema on a connection opened as the database's owner (the migrations' connection).</summary>
    internal static async Task ApplyAsync(NpgsqlConnection owner, string? writerRole, CancellationToken ct)
    {
        await ExecuteAsync(owner, Tables, ct);
        if (writerRole is null) return;
        await EnsureRoleAsync(owner, writerRole, ct);
        await ExecuteAsync(owner, Grants(writerRole), ct);
    }

    /// <summary>
    /// Creates the role once per server and lets the owner's login act as it. Roles are server-wide, so services (or
    /// tests) migrating several databases at once may race here: a lost race is retried.
    /// </summary>
    static async Task EnsureRoleAsync(NpgsqlConnection owner, string role, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await ExecuteAsync(owner, $"""
                    DO $$
                    BEGIN
                        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{role}') THEN
                            CREATE ROLE {role} NOLOGIN NOINHERIT;
                        END IF;
                        IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)
                           AND NOT pg_has_role(current_user, '{role}', 'MEMBER') THEN
                            EXECUTE format('GRANT {role} TO %I', current_user);
                        END IF;
                    END $$;
                    """, ct);
                return;
            }
            catch (PostgresException e) when (attempt < 5 && e.SqlState is PostgresErrorCodes.DuplicateObject
                                                  or PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.InternalError)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50 * attempt), ct);
            }
        }
    }

    static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }
}

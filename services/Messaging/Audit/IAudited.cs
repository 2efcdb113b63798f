namespace DxTrack.Messaging.Audit;

/// <summary>
/// Marks an entity whose every change is written to the audit trail (who, role, agency, when,
/// what, before and after), in the same transaction as the change.
/// </summary>
public interface IAudited;

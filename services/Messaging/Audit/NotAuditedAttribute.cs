namespace DxTrack.Messaging.Audit;

/// <summary>
/// Keeps a property of an <see cref="IAudited"/> entity out of the audit trail: a secret (a key's hash, a
/// token) is never copied into the before/after snapshots, which admins read and keep for years.
/// The change itself is still recorded with its other properties.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class NotAuditedAttribute : Attribute;

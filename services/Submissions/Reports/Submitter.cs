namespace DxTrack.Submissions.Reports;

/// <summary>Who sent a revision: the caller's subject, role and own agency (the secretariat's, when it reports on an agency's behalf).</summary>
public sealed record Submitter(string Subject, string Role, string? AgencyCode);

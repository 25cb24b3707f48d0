import { describe, expect, it } from "vitest";
import { signUpUser } from "../../test/api";
import { queryRows } from "../../test/db-dump";

describe("settings", () => {
  it("a new account has the default retention (30 days of runs, 365 of audit); update changes only what it names", async () => {
    const user = await signUpUser("settings");
    expect(await user.api.settings.get.query()).toEqual({ runRetentionDays: 30, auditRetentionDays: 365 });
    expect(await user.api.settings.update.mutate({ runRetentionDays: 7 })).toEqual({
      runRetentionDays: 7,
      auditRetentionDays: 365,
    });
    expect(await user.api.settings.update.mutate({ auditRetentionDays: 730 })).toEqual({
      runRetentionDays: 7,
      auditRetentionDays: 730,
    });
    expect(await user.api.settings.get.query()).toEqual({ runRetentionDays: 7, auditRetentionDays: 730 });
    const rows = await queryRows(
      "SELECT run_retention_days, audit_retention_days FROM user_settings WHERE user_id = ?",
      user.user.id,
    );
    expect(rows).toEqual([{ run_retention_days: 7, audit_retention_days: 730 }]);
    // Each user has their own.
    const other = await signUpUser("settings-other");
    expect(await other.api.settings.get.query()).toEqual({ runRetentionDays: 30, auditRetentionDays: 365 });
  });
});

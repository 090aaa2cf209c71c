import type { ProfileName } from '../api/models';
import { PROFILE_LABEL } from '../labels';

/** An error the user must read: role=alert, so screen readers say it at once. Nothing when there is none. */
export function Alert({ message }: { message: string | null | undefined }) {
  return message ? (
    <p role="alert" class="error">
      {message}
    </p>
  ) : null;
}

/** A level filter: 全部 or one of the profiles the API knows. */
export function LevelSelect({ label, value, onChange }: { label: string; value: string; onChange: (level: string) => void }) {
  return (
    <label>
      {label}{' '}
      <select value={value} onChange={(e) => onChange((e.target as HTMLSelectElement).value)}>
        <option value="">全部</option>
        {(Object.keys(PROFILE_LABEL) as ProfileName[]).map((p) => (
          <option key={p} value={p}>
            {PROFILE_LABEL[p]}
          </option>
        ))}
      </select>
    </label>
  );
}

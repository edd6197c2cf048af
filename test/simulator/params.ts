// Grape parameter validation with Grape's texts (`status does not have a valid value`, `name is missing`, `page is invalid`).
// Validation errors are collected and joined with ", " like Grape's ValidationErrors.
import { grapeError } from './http';

export class Params {
  private readonly errors: string[] = [];
  constructor(private readonly raw: Record<string, unknown>) {}

  /** Grape `requires`: present (not null). */
  requires(name: string): this {
    if (this.raw[name] === undefined || this.raw[name] === null) this.errors.push(`${name} is missing`);
    return this;
  }

  /** Grape `values:`; only checked when given. */
  values(name: string, allowed: readonly (string | number)[]): this {
    const value = this.raw[name];
    if (value === undefined || value === null) return this;
    const coerced = typeof allowed[0] === 'number' ? Number(value) : String(value);
    if (!allowed.includes(coerced)) this.errors.push(`${name} does not have a valid value`);
    return this;
  }

  /** Grape `type: Integer`. */
  integer(name: string): this {
    const value = this.raw[name];
    if (value === undefined || value === null) return this;
    if (!/^-?\d+$/.test(String(value))) this.errors.push(`${name} is invalid`);
    return this;
  }

  /** Grape `type: Boolean`. */
  boolean(name: string): this {
    const value = this.raw[name];
    if (value === undefined || value === null || typeof value === 'boolean') return this;
    if (!['true', 'false', '1', '0', 'yes', 'no'].includes(String(value).toLowerCase()))
      this.errors.push(`${name} is invalid`);
    return this;
  }

  /** Grape `mutually_exclusive`. */
  mutuallyExclusive(...names: string[]): this {
    if (names.filter((n) => this.raw[n] !== undefined).length > 1)
      this.errors.push(`${names.join(', ')} are mutually exclusive`);
    return this;
  }

  addError(text: string): this {
    this.errors.push(text);
    return this;
  }

  /** Throws the 400 `{"error": "<all errors>"}` if any check failed. */
  check(): void {
    if (this.errors.length > 0) throw grapeError(400, this.errors.join(', '));
  }

  str(name: string): string | undefined {
    const value = this.raw[name];
    return value === undefined || value === null ? undefined : String(value);
  }

  int(name: string): number | undefined {
    const value = this.raw[name];
    return value === undefined || value === null || value === '' ? undefined : Number(value);
  }

  bool(name: string): boolean | undefined {
    const value = this.raw[name];
    if (value === undefined || value === null) return undefined;
    return ['true', '1', 'yes'].includes(String(value).toLowerCase());
  }

  get(name: string): unknown {
    return this.raw[name];
  }
}

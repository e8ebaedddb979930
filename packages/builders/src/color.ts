/**
 * Colours for embeds, containers and roles. Discord stores a colour as one integer `0xRRGGBB`;
 * `Color` wraps it so it can be named (`Color.Blurple`), built from parts (`Color.fromRgb(88, 101, 242)`)
 * or parsed (`Color.fromHex('#5865F2')`), and it serialises back to the integer.
 */
import { ValidationError } from '@kokoro/common';

/** A colour: an integer `0xRRGGBB`. */
export class Color {
  /** The colour as Discord stores it, `0x000000..0xFFFFFF`. */
  readonly value: number;

  /** A colour from its integer; throws a `ValidationError` outside `0..0xFFFFFF`. */
  constructor(value: number, path = 'color') {
    if (!Number.isInteger(value) || value < 0 || value > 0xffffff) {
      throw new ValidationError(path, `must be an integer 0x000000..0xFFFFFF, got ${String(value)}`);
    }
    this.value = value;
  }

  /** A colour from its red, green and blue parts, each `0..255`. */
  static fromRgb(red: number, green: number, blue: number): Color {
    for (const [name, part] of [
      ['red', red],
      ['green', green],
      ['blue', blue],
    ] as const) {
      if (!Number.isInteger(part) || part < 0 || part > 255) {
        throw new ValidationError(`color.${name}`, `must be an integer 0..255, got ${String(part)}`);
      }
    }
    return new Color((red << 16) | (green << 8) | blue);
  }

  /** A colour from `'#5865F2'`, `'5865f2'` or the short `'#fff'`. */
  static fromHex(hex: string): Color {
    const match = typeof hex === 'string' ? /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(hex.trim()) : null;
    if (!match) throw new ValidationError('color', `must be a hex colour like '#5865F2', got ${String(hex)}`);
    const digits = match[1]!.length === 3 ? [...match[1]!].map((d) => d + d).join('') : match[1]!;
    return new Color(Number.parseInt(digits, 16));
  }

  /** A colour given as a `Color`, an integer, a hex string or a named colour (`'blurple'`). */
  static from(value: ColorLike, path = 'color'): Color {
    if (value instanceof Color) return value;
    if (typeof value === 'number') return new Color(value, path);
    if (typeof value === 'string') {
      const named = NAMED[value.toLowerCase()];
      if (named !== undefined) return new Color(named);
      return Color.fromHex(value);
    }
    throw new ValidationError(path, `must be a Color, an integer or a hex string, got ${typeof value}`);
  }

  /** Red part, `0..255`. */
  get red(): number {
    return (this.value >> 16) & 0xff;
  }

  /** Green part, `0..255`. */
  get green(): number {
    return (this.value >> 8) & 0xff;
  }

  /** Blue part, `0..255`. */
  get blue(): number {
    return this.value & 0xff;
  }

  /** `'#5865f2'`. */
  toHex(): string {
    return `#${this.value.toString(16).padStart(6, '0')}`;
  }

  /** The integer Discord takes. */
  toJSON(): number {
    return this.value;
  }

  /** The integer, so `+color` and comparisons work. */
  valueOf(): number {
    return this.value;
  }

  /** `'#5865f2'`. */
  toString(): string {
    return this.toHex();
  }

  /** Discord's palette "Default": `#000000`. */
  static readonly Default = new Color(0x000000);
  /** Discord's palette "White": `#ffffff`. */
  static readonly White = new Color(0xffffff);
  /** Discord's palette "Aqua": `#1abc9c`. */
  static readonly Aqua = new Color(0x1abc9c);
  /** Discord's palette "Green": `#57f287`. */
  static readonly Green = new Color(0x57f287);
  /** Discord's palette "Blue": `#3498db`. */
  static readonly Blue = new Color(0x3498db);
  /** Discord's palette "Yellow": `#fee75c`. */
  static readonly Yellow = new Color(0xfee75c);
  /** Discord's palette "Purple": `#9b59b6`. */
  static readonly Purple = new Color(0x9b59b6);
  /** Discord's palette "Luminous Vivid Pink": `#e91e63`. */
  static readonly LuminousVividPink = new Color(0xe91e63);
  /** Discord's palette "Fuchsia": `#eb459e`. */
  static readonly Fuchsia = new Color(0xeb459e);
  /** Discord's palette "Gold": `#f1c40f`. */
  static readonly Gold = new Color(0xf1c40f);
  /** Discord's palette "Orange": `#e67e22`. */
  static readonly Orange = new Color(0xe67e22);
  /** Discord's palette "Red": `#ed4245`. */
  static readonly Red = new Color(0xed4245);
  /** Discord's palette "Grey": `#95a5a6`. */
  static readonly Grey = new Color(0x95a5a6);
  /** Discord's palette "Navy": `#34495e`. */
  static readonly Navy = new Color(0x34495e);
  /** Discord's palette "Dark Aqua": `#11806a`. */
  static readonly DarkAqua = new Color(0x11806a);
  /** Discord's palette "Dark Green": `#1f8b4c`. */
  static readonly DarkGreen = new Color(0x1f8b4c);
  /** Discord's palette "Dark Blue": `#206694`. */
  static readonly DarkBlue = new Color(0x206694);
  /** Discord's palette "Dark Purple": `#71368a`. */
  static readonly DarkPurple = new Color(0x71368a);
  /** Discord's palette "Dark Gold": `#c27c0e`. */
  static readonly DarkGold = new Color(0xc27c0e);
  /** Discord's palette "Dark Orange": `#a84300`. */
  static readonly DarkOrange = new Color(0xa84300);
  /** Discord's palette "Dark Red": `#992d22`. */
  static readonly DarkRed = new Color(0x992d22);
  /** Discord's palette "Dark Grey": `#979c9f`. */
  static readonly DarkGrey = new Color(0x979c9f);
  /** Discord's palette "Blurple": `#5865f2`. */
  static readonly Blurple = new Color(0x5865f2);
  /** Discord's palette "Greyple": `#99aab5`. */
  static readonly Greyple = new Color(0x99aab5);
  /** Discord's palette "Dark But Not Black": `#2c2f33`. */
  static readonly DarkButNotBlack = new Color(0x2c2f33);
  /** Discord's palette "Not Quite Black": `#23272a`. */
  static readonly NotQuiteBlack = new Color(0x23272a);
}

/** A colour as the builders accept it: a `Color`, an integer `0xRRGGBB`, `'#rrggbb'` or a name (`'red'`). */
export type ColorLike = Color | number | string;

const NAMED: Record<string, number> = Object.fromEntries(
  Object.entries(Color)
    .filter(([, value]) => value instanceof Color)
    .map(([name, value]) => [name.toLowerCase(), (value as Color).value]),
);

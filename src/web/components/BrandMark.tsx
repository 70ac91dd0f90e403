/** The product mark: a 3×3 grid with one highlighted cell (a grid worker's patch). */
export function BrandMark({ size = 32 }: { size?: number }) {
  const cell = size / 3
  return (
    <svg width={size} height={size} viewBox={`0 0 ${size} ${size}`} aria-hidden="true">
      <rect width={size} height={size} rx={size / 6} fill="#1456d9" />
      {[0, 1, 2].flatMap((row) =>
        [0, 1, 2].map((col) => (
          <rect
            key={`${row}-${col}`}
            x={col * cell + cell * 0.18}
            y={row * cell + cell * 0.18}
            width={cell * 0.64}
            height={cell * 0.64}
            rx={cell * 0.12}
            fill={row === 1 && col === 1 ? '#ffb020' : 'rgba(255,255,255,0.85)'}
          />
        )),
      )}
    </svg>
  )
}

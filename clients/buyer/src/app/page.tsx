export default function CatalogPage() {
  return <main>CodeSale</main>;
}

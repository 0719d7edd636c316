import type { LandingRubro } from "@mostrador/contracts/http/cloud-landing";

/**
 * The sample shop each rubro's demo opens: its name and shelves, with prices in pesos (IVA included)
 * as such a shop charged in late 2026. Written here rather than taken from the appliance's seed
 * (desktop/src/seed: an almacén only, and the cloud never imports desktop/).
 */
export interface DemoShop {
  business: string;
  store: string;
  categories: { name: string; products: [name: string, pesos: number][] }[];
}

export const DEMO_SHOPS: Record<LandingRubro, DemoShop> = {
  almacen: {
    business: "Almacén Don Tito (demo)",
    store: "Don Tito (centro)",
    categories: [
      {
        name: "Almacén",
        products: [
          ["Yerba Mate Playadito 1 kg", 6290],
          ["Azúcar Ledesma 1 kg", 1690],
          ["Fideos Lucchetti 500 g", 1390],
          ["Aceite Natura 1,5 L", 4290],
        ],
      },
      {
        name: "Bebidas",
        products: [
          ["Coca-Cola 2,25 L", 3890],
          ["Agua Villavicencio 2 L", 1590],
          ["Cerveza Quilmes 1 L", 2790],
        ],
      },
      {
        name: "Lácteos",
        products: [
          ["Leche La Serenísima 1 L", 1650],
          ["Yogur Ser 190 g", 990],
          ["Queso cremoso x 500 g", 5200],
        ],
      },
    ],
  },
  carniceria: {
    business: "Carnicería El Novillo (demo)",
    store: "El Novillo",
    categories: [
      {
        name: "Vacuno (por kg)",
        products: [
          ["Asado 1 kg", 11900],
          ["Vacío 1 kg", 13900],
          ["Bife de chorizo 1 kg", 15900],
          ["Carne picada 1 kg", 8900],
        ],
      },
      {
        name: "Cerdo y pollo (por kg)",
        products: [
          ["Bondiola 1 kg", 10500],
          ["Pollo entero 1 kg", 4200],
          ["Chorizo parrillero 1 kg", 7900],
        ],
      },
    ],
  },
  panaderia: {
    business: "Panadería La Espiga (demo)",
    store: "La Espiga",
    categories: [
      {
        name: "Panificados",
        products: [
          ["Pan francés 1 kg", 3200],
          ["Pan de campo", 2800],
          ["Prepizza", 1500],
        ],
      },
      {
        name: "Facturas y tortas",
        products: [
          ["Medialunas x 12", 6000],
          ["Docena de facturas", 6500],
          ["Torta de ricota", 12000],
          ["Alfajor de maicena", 900],
        ],
      },
    ],
  },
  ropa: {
    business: "Tienda Alma (demo)",
    store: "Alma (shopping)",
    categories: [
      {
        name: "Remeras",
        products: [
          ["Remera básica algodón", 14900],
          ["Remera estampada", 18900],
        ],
      },
      {
        name: "Pantalones",
        products: [
          ["Jean recto", 42900],
          ["Jogging frisa", 29900],
        ],
      },
      {
        name: "Abrigos",
        products: [
          ["Buzo canguro", 36900],
          ["Campera de jean", 64900],
        ],
      },
    ],
  },
  bar: {
    business: "Bar La Esquina (demo)",
    store: "La Esquina",
    categories: [
      {
        name: "Bebidas",
        products: [
          ["Pinta IPA", 4500],
          ["Fernet con coca", 5500],
          ["Gaseosa línea Coca 500 ml", 2500],
          ["Café", 2200],
        ],
      },
      {
        name: "Cocina",
        products: [
          ["Papas fritas", 6000],
          ["Hamburguesa completa", 12500],
          ["Picada para dos", 18000],
        ],
      },
    ],
  },
  centro_medico: {
    business: "Centro Médico Sur (demo)",
    store: "Sede Sur",
    categories: [
      {
        name: "Consultas",
        products: [
          ["Consulta clínica", 25000],
          ["Consulta pediátrica", 25000],
          ["Consulta cardiológica", 35000],
        ],
      },
      {
        name: "Prácticas",
        products: [
          ["Electrocardiograma", 18000],
          ["Control de presión", 5000],
        ],
      },
    ],
  },
  riego: {
    business: "Riego del Valle (demo)",
    store: "Depósito Valle",
    categories: [
      {
        name: "Riego por goteo",
        products: [
          ["Manguera de goteo 100 m", 38000],
          ["Goteros x 50", 9500],
          ["Conector 16 mm x 10", 3200],
        ],
      },
      {
        name: "Automatización",
        products: [
          ['Electroválvula 1"', 42000],
          ["Programador 4 zonas", 89000],
          ["Sensor de humedad de suelo", 27000],
        ],
      },
    ],
  },
};
